/**
 * The kernel-object extensions under random and mutated arguments, on the
 * live machine and on the race dump: nothing throws, and every failure
 * prints an error as the debugger or kdexts would.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { LiveTarget } from '../../src/debugger/live/target.ts';
import { Random } from '../../src/base/random.ts';
import { Kd } from '../debugger/harness.ts';

const CORPUS = [
  '!drvobj SwLegacy 7',
  '!drvobj \\Driver\\PnpManager 2',
  '!drvobj \\FileSystem\\Ntfs',
  '!devobj \\Device\\SwLegacy',
  '!devobj SwLegacy',
  '!devstack \\Device\\SwLegacy',
  '!devnode',
  '!devnode 0 1',
  '!object \\',
  '!object \\Driver',
  '!object \\GLOBAL??\\SwLegacy 8',
  '!object \\ObjectTypes\\Device 1',
  '!irp 0',
  '!irp @rsp 1',
  '!irpfind',
  '!poolfind Driv',
  '!poolfind Irp? 1',
  '!poolfind ObNm 1',
  '!pcr',
  '!pcr 1',
  '!prcb',
  '!prcb 1',
  '!irql',
  '!irql 1',
  '!handle',
  '!handle 0 3 0',
  '!handle 4 f 698 File',
  '!handle 0 1 -1 Directory',
];
const PIECES = [' ', '\\', '?', '0x', 'fffffa80', '`', '!', '(', ')', '-', '+', 'poi(', '@', '7', 'ffffffffffffffff', '\t', 'Driver', 'ž'];

const ERRORS = [
  /^ *\^ [A-Za-z ]+ error in '/,
  /^[A-Za-z' ]+ error at '/,
  /^Numeric expression missing from '/,
  /^Usage: !\w+ /,
  /^Could not read (driver|device) object at [0-9a-f]{16}$/,
  /^[0-9a-f]{16} is not a (driver|device) object$/,
  /^IRP signature does not match, probably not an IRP$/,
  /^Unable to read IRP at [0-9a-f]{16}$/,
  /^Object \S* not found$/,
  /^[0-9a-f]{16}: Not a valid object \(ObjectType invalid\)$/,
  /^Could not read devnode at [0-9a-f]{16}$/,
  /^Error retrieving address of IopRootDeviceNode$/,
  /^No export \S+ found$/,
  /^Unable to find the nonpaged pool$/,
  /^Searching /,
  /^Cannot get PRCB address for processor 0x[0-9a-f]+$/,
  /^Physical memory read at [0-9a-f]+ failed$/,
  /^Unable to read process [0-9a-f]{16}$/,
  /^lab: this dump does not keep processor \d+'s control region/,
];

function mutate(rng: Random, s: string): string {
  let t = s;
  for (let n = rng.int(1, 3); n > 0; n--) {
    const at = rng.int(0, t.length);
    t = rng.int(0, 1) === 0 ? t.slice(0, at) + PIECES[rng.int(0, PIECES.length - 1)] + t.slice(at) : t.slice(0, at) + t.slice(at + rng.int(1, 4));
  }
  return t;
}

function exercise(kd: Kd, count: number, seed: number): void {
  const rng = new Random(seed);
  for (let n = 0; n < count; n++) {
    const line = n < CORPUS.length ? CORPUS[n] : mutate(rng, CORPUS[rng.int(0, CORPUS.length - 1)]);
    // Mutations that turn the line into another command (p, g…) are other tests' business.
    if (!line.startsWith('!')) continue;
    let out: string[] = [];
    const before = kd.events.length;
    expect(() => (out = kd.run(line)), `line ${n}: ${JSON.stringify(line)}`).not.toThrow();
    const failed = kd.events.slice(before).filter((e) => e.type === 'kd.command' && !(e.data as { ok: boolean }).ok);
    if (failed.length > 0 && !out.some((l) => ERRORS.some((re) => re.test(l)))) {
      expect.fail(`line ${n}: ${JSON.stringify(line)} failed without an error:\n${out.join('\n')}`);
    }
  }
}

describe('kernel-object extensions under fuzzing', () => {
  it('survive 800 lines on the live machine', () => {
    const s = new LabSession(lab);
    for (const l of lab.solution.slice(0, 7)) s.submit(l);
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    const target = new LiveTarget(k, 'local');
    exercise(new Kd(target), 800, 0x9);
  });

  it('survive 1,500 lines on the race dump', () => {
    exercise(new Kd(), 1500, 0x3b);
  });
});
