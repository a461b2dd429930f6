/** The WinDbg emulator: dump build time and command latency (model solution of race-0x3b, and a mixed set). */
import type { Reporter } from '../scripts/bench.ts';
import { summary, timeEach } from './stats.ts';
import lab from '../labs/race-0x3b/lab.ts';
import { raceDump } from '../labs/race-0x3b/dump.ts';
import { Debugger } from '../src/debugger/debugger.ts';
import { quietHost } from '../src/debugger/transcript.ts';
import { LONG_LINES, NAME_TEMPLATES, PROTO_NAMES, pathological } from '../tests/debugger/pathological.ts';

const host = quietHost(() => undefined);

const MIXED = [
  '!analyze -v',
  '.cxr 0xfffff88005f45960',
  'r',
  'k',
  'kv',
  'u',
  'ub @rip L10',
  'uf fltmgr!TreeUnlinkMulti',
  'dq @rcx l1',
  'db @rsp',
  'du fffff8a00d106e10',
  'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
  'dt -r nt!_CONTEXT fffff88005f45960',
  '!pool @rcx',
  '!pool 0xfffff8a0`0d106d58',
  '? poi(@rcx)-18',
  'lm',
  'lmvm fltmgr',
  'ln @rip',
  'x fltmgr!*',
  '.reload',
  'vertarget',
  'nosuch',
  'dt _STREAM_LIST_CTRL fffffa8008e13280 OpenedNameCache.List.Tree.Parent',
  'uf /c fltmgr!TreeUnlinkMulti',
  '!pool @rsp',
  '.frame /r 3',
  '? @@c++(sizeof(fltmgr!_NAME_CACHE_NODE)) + poi(@rcx)',
  '!process 0 0',
  '!address @rsp',
  '!dh nt',
  '|',
  '||',
  '~',
];

export default function bench(r: Reporter): void {
  r.section('debugger (kd)');
  const build = timeEach(50, () => raceDump());
  r.row('build the race-0x3b dump target', summary(build));
  const solution = lab.solution;
  const dbgs = Array.from({ length: 200 }, () => new Debugger(raceDump()));
  const perCommand = timeEach(solution.length * dbgs.length, (i) => dbgs[Math.floor(i / solution.length)].run(solution[i % solution.length], host));
  r.row('command latency, race-0x3b model solution', summary(perCommand));
  const dbg = new Debugger(raceDump());
  const mixed = timeEach(MIXED.length * 200, (i) => dbg.run(MIXED[i % MIXED.length], host));
  r.row('command latency, mixed command set', summary(mixed));
  const heavy = timeEach(200, () => dbg.run('!analyze -v', host));
  r.row('!analyze -v alone', summary(heavy));
  r.row('!address (the whole map and its summary)', summary(timeEach(200, () => dbg.run('!address', host))));
  pathologicalBench(r);
}

/** Each pathological input alone: every one must answer well under 50 ms. */
export function pathologicalBench(r: Reporter): void {
  r.section('debugger (kd): pathological inputs (each must stay under 50 ms)');
  const dbg = new Debugger(raceDump());
  const named: [string, string][] = [
    ...pathological(200).map((l): [string, string] => [`pattern: ${l.slice(0, 30)}…`, l]),
    ...LONG_LINES.map((l): [string, string] => [`200,000 chars: ${l.slice(0, 14)}…`, l]),
    ...PROTO_NAMES.slice(0, 3).flatMap((n) => NAME_TEMPLATES.slice(0, 6).map((t): [string, string] => [`name: ${t.replaceAll('N', n)}`, t.replaceAll('N', n)])),
  ];
  for (const [name, line] of named) r.row(name, summary(timeEach(5, () => dbg.run(line, host))));
}
