/**
 * Throws 10,000 random and mutated command lines at the debugger (seeded, so
 * a failure replays), then the classes that broke it before: names that are
 * JavaScript object keys in every position, wildcard patterns a backtracking
 * matcher never finishes, and 200,000-character lines. No exception may
 * escape, every command must finish, and every command that fails must print
 * a WinDbg-style error. Bounded by line count only.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random.ts';
import { Kd } from './harness.ts';
import { LONG_LINES, NAME_TEMPLATES, PROTO_NAMES, pathological } from './pathological.ts';

const CORPUS = [
  '!analyze -v',
  '!analyze',
  '!fltkd.filters',
  '!fltkd.volumes',
  '!fltkd.instance @rcx',
  '!fltkd.instance fffffa8008e13270',
  '.cxr 0xfffff88005f45960',
  '.cxr',
  '.trap fffff880`05f461a0',
  'r',
  'r rax',
  'r rcx, rsi',
  'r $t0=1',
  'k',
  'kb',
  'kv',
  'kn 5',
  'kc',
  'u',
  'u @rip',
  'ub @rip',
  'uf fltmgr!TreeUnlinkMulti',
  'u fltmgr!TreeUnlinkMulti L1a',
  'dq @rcx l1',
  'db @rsp',
  'dd fffff8a00d106e10',
  'du fffff8a00d106e10',
  'da fffff8a00d106d34',
  'dc @rcx',
  'dw 0',
  'dp @rsp l4',
  'dt _POOL_HEADER',
  'dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13270+10',
  'dt _NAME_CACHE_LIST_CTRL @rcx-8 /b',
  'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
  'dt -r _TREE_NODE',
  'dt nt!_CONTEXT fffff88005f45960',
  '!pool @rcx',
  '!pool 0xfffff8a0`0d106d58 2',
  '? @rcx-fffffa8008e13280',
  '? poi(@rcx)+0n10*2',
  '? (1+2)*3 >> 1',
  'lm',
  'lmvm fltmgr',
  '.frame 2',
  'dv',
  '!irql',
  '!error c0000005',
  'lm m f*',
  '?? sizeof(nt!_CONTEXT) + @rcx',
  'dps @rsp',
  '.cxr fffff88005f45960 ; kb ; dq @rcx l1',
  'ln @rip',
  'x fltmgr!*',
  '.reload',
  '.bugcheck',
  'vertarget',
  '.help',
  '?',
  '.hh',
  '.lab',
  'g',
  '!process 0 0',
  '!thread',
  'dt _NAME_CACHE_NODE fffff8a00d106d40 TreeLink.Link.Parent',
  'dt _NAME_CACHE_NODE NameInfo. fffff8a00d106d40',
  'dt nt!_CONTEXT fffff88005f45960 R*',
  'dt nt!_CM_KEY_BODY @rcx',
  'dt nt!_CM_KEY_CONTROL_BLOCK @rdx ParentKcb NameBlock',
  'dt nt!_CM_NAME_CONTROL_BLOCK @rsp',
  '!thread @$thread 7',
  'uf /c fltmgr!TreeUnlinkMulti',
  '!pool nt!KeBugCheckEx',
  '!pool @rsp',
  '.formats @rcx',
  'n 10',
  'n 16',
  'eb @rsp 41 42',
  'eza @rsp "x"',
  'f @rsp l10 aa',
  'm @rsp l8 @rsp+20',
  'c @rsp l20 @rsp+8',
  's -q 0 l?ffffffffffffffff fffffa8008e13318',
  's -a fffff8a00d106000 l1000 "Device"',
  's -[1]b @rsp l100 0',
  'rM 0x1ab',
  'r cr2, dr7',
  '~2s',
  '.sympath+ c:\\x',
  'dW @rsp',
  'df @rsp l4',
  'dD @rsp',
  'dpa @rsp',
  'dyb @rsp l8',
  'dS fffff8a00d106d98',
  'dl fffffa8008e13288',
  'dq /c 1 @rsp l2',
  '?? #CONTAINING_RECORD(0xfffff8a00d106d58, fltmgr!_NAME_CACHE_NODE, TreeLink)',
  '?? ((nt!_LIST_ENTRY*)@rcx)->Flink',
  '? $spat("abc", "a*")',
  '!db 1000',
  '!pte @rsp',
  '!lmi fltmgr',
  '!lmi @rip',
  '.exr fffff88005f460d8',
  '!pool @rcx 1',
  '.hh dbgerr001',
  '? $vvalid(@rsp, 8)',
  '!foo.bar',
  '!kdexts.pool @rsp',
  '? $bug_param1 + $frame',
  "?? 'a' + 1 ? true : false",
  '!address',
  '!address @rsp',
  '!address -summary',
  '!address fltmgr!TreeUnlinkMulti',
  '!dh nt',
  '!dh -f fltmgr',
  '!dh fltmgr -s',
  '!dh -h',
  '|',
  '|*',
  '||',
  '||#',
  '||0',
  '|| 1',
  '~',
  '~.',
  '~#',
];
const PIECES = [
  ' ',
  '@',
  '$',
  '`',
  '!',
  '.',
  '-',
  '+',
  '*',
  '/',
  '(',
  ')',
  '[',
  ']',
  'l',
  'L?',
  'L-',
  '0x',
  '0n',
  '0y',
  'poi(',
  'rcx',
  '@$ip',
  'nt!',
  'fffff880',
  '0',
  'ffffffffffffffff',
  '/b',
  '-r',
  '_',
  '~',
  '"',
  ',',
  '=',
  '==',
  'and',
  'mod',
  '>>>',
  '\t',
  'ž',
  '\u0000',
];

function mutate(rng: Random, s: string): string {
  let t = s;
  const n = rng.int(1, 3);
  for (let k = 0; k < n; k++) {
    const at = rng.int(0, t.length);
    switch (rng.int(0, 3)) {
      case 0:
        t = t.slice(0, at) + PIECES[rng.int(0, PIECES.length - 1)] + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + rng.int(1, 4));
        break;
      case 2:
        t = t.slice(0, at) + String.fromCharCode(rng.int(0x20, 0x7e)) + t.slice(at + 1);
        break;
      default:
        t = t + ' ' + CORPUS[rng.int(0, CORPUS.length - 1)].split(' ').slice(1).join(' ');
    }
  }
  return t;
}

function randomLine(rng: Random): string {
  const r = rng.next();
  if (r < 0.6) return mutate(rng, CORPUS[rng.int(0, CORPUS.length - 1)]);
  if (r < 0.8) return Array.from({ length: rng.int(1, 6) }, () => PIECES[rng.int(0, PIECES.length - 1)]).join('');
  if (r < 0.95) return Array.from({ length: rng.int(0, 40) }, () => String.fromCharCode(rng.int(0x20, 0x7e))).join('');
  return '';
}

/** What WinDbg prints when a command fails: one of its error shapes. */
const ERROR_SHAPES = [
  /^ *\^ [A-Za-z ]+ error in '/,
  /^[A-Za-z' ]+ error at '/,
  /^Numeric expression missing from '/,
  /^No export \S+ found$/,
  /^Symbol \S+ not found\.$/,
  /^Memory read error [0-9a-f]{16}$/,
  /^Unable to read (context|trap frame), Win32 error 0n30$/,
  /could not be read\. It may be a freed, invalid or paged out page$/,
  /^Unable to add module at /,
  /^Lab aid \(not part of Windows or WinDbg\)/,
  /^Unable to enumerate locals, HRESULT 0x80004005$/,
  /^Frame [0-9a-f]+ is out of range$/,
  /^Cannot get PRCB address for processor 0x[0-9a-f]+$/,
  /^Cannot find specified field members\.$/,
  /^Bad (previous )?allocation size @[0-9a-f]{16}, /,
  /^[0-9a-f]{16}: Unable to get contents of pool block$/,
  /^\*\*\*    Type referenced: \S+ +\*\*\*$/,
  /^The call to LoadLibrary\(\S+\) failed, Win32 error 0n2$/,
  /^Physical memory read at [0-9a-f]+ failed$/,
  /^\S+ not found$/,
  /^TYPE mismatch for (thread|process) object at [0-9a-f]+$/,
  /^Cannot read Exception record @ [0-9a-f]{16}$/,
  /^Usage: dh \[options\] address$/,
  /^Can't read file header: error == 0$/,
  /^Unable to get address of \S+!\S+$/,
  /^Could not read field "\S+" of \S+ from address: [0-9a-f]{16}$/,
  /^Usage: !fltkd\.\w+/,
  /^[0-9a-f]{16} is not a FLT_INSTANCE /,
];

/** Run one line; it must not throw, and a failed command must say so as WinDbg does. */
function check(kd: Kd, line: string, label: string): boolean {
  let out: string[] = [];
  const before = kd.events.length;
  expect(
    () => {
      out = kd.run(line);
    },
    `${label}: ${JSON.stringify(line.slice(0, 200))}`,
  ).not.toThrow();
  if (line.trim() === '') return false;
  const ran = kd.events
    .slice(before)
    .filter((e) => e.type === 'kd.command')
    .map((e) => e.data as { command: string; ok: boolean });
  const failed = ran.filter((e) => !e.ok);
  if (failed.length === 0) return false;
  const shaped = out.some((l) => ERROR_SHAPES.some((re) => re.test(l)));
  // dt with a type pattern and x/lm with no match print nothing, in WinDbg too.
  if (!shaped && !(out.length === 0 && failed.every((e) => ['dt', 'x', 'lm'].includes(e.command)))) {
    expect.fail(`${label}: ${JSON.stringify(line.slice(0, 200))} failed without a WinDbg error:\n${out.join('\n').slice(0, 2000)}`);
  }
  return true;
}

describe('fuzz', () => {
  it('survives 10,000 random and mutated command lines', () => {
    const rng = new Random(0x3b);
    let kd = new Kd();
    let failures = 0;
    for (let n = 0; n < 10_000; n++) {
      if (n % 2500 === 0) kd = new Kd();
      if (check(kd, randomLine(rng), `line ${n}`)) failures++;
    }
    expect(failures).toBeGreaterThan(1_000);
  });

  it('treats names that are JavaScript object keys as ordinary names in every position', () => {
    const kd = new Kd();
    for (const name of PROTO_NAMES) for (const t of NAME_TEMPLATES) check(kd, t.replaceAll('N', name), name);
    // The session still works afterwards.
    expect(kd.run('? 1+1')).toEqual(['Evaluate expression: 2 = 00000000`00000002']);
  });

  it('answers pathological wildcard patterns and 200,000-character lines', () => {
    const kd = new Kd();
    for (const n of [10, 60, 200]) for (const line of pathological(n)) check(kd, line, `pattern ${n}`);
    for (const line of LONG_LINES) check(kd, line, 'long line');
    expect(kd.run('? 1+1')).toEqual(['Evaluate expression: 2 = 00000000`00000002']);
  });
});
