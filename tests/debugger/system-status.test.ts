/**
 * `||` (system status): the one system of a kernel session, described as dbgeng's target
 * describes itself (the dump's kind and file, a kernel connection's transport, local KD), with
 * `.` on it; `||.`, `||#`, `||*`, `||0` show the same line, any other form is a syntax error.
 */
import { describe, expect, it } from 'vitest';
import { Debugger } from '../../src/debugger/debugger.ts';
import { raceDump } from '../../labs/race-0x3b/dump.ts';
import { Kd } from './harness.ts';
import { xpKd } from './xp-harness.ts';

const SUMMARY = 'Kernel Summary Dump File: Only kernel address space is available';

function kdWith(dbg: Debugger): Kd {
  const kd = new Kd(raceDump());
  Object.assign(kd, { dbg });
  return kd;
}

describe('|| (system status)', () => {
  it('a kernel summary dump: its kind and the file it was opened from', () => {
    const kd = kdWith(new Debugger(raceDump(), { banner: { dumpPath: 'C:\\Windows\\MEMORY.DMP', dumpKind: SUMMARY } }));
    for (const form of ['||', '||.', '||#', '||*', '||0', '|| 0', '||00'])
      expect(kd.run(form), form).toEqual(['.  0 64-bit Kernel summary dump: C:\\Windows\\MEMORY.DMP']);
  });

  it('the path is the one the session opened (kd -z of another file)', () => {
    const kd = kdWith(new Debugger(raceDump(), { banner: { dumpPath: 'C:\\Drivers\\crash.dmp', dumpKind: SUMMARY } }));
    expect(kd.run('||')).toEqual(['.  0 64-bit Kernel summary dump: C:\\Drivers\\crash.dmp']);
  });

  it('the XP machine: a 32-bit full kernel dump, and a live COM connection', () => {
    expect(xpKd('dump').kd.run('||')).toEqual(['.  0 32-bit Full kernel dump: C:\\xp.dmp']);
    expect(xpKd('live').kd.run('||')).toEqual(['.  0 Remote KD: COM:Port=\\\\.\\com1,Baud=115200,Timeout=4000']);
  });

  it('local kernel debugging', () => {
    const kd = kdWith(new Debugger(raceDump(), { local: true }));
    expect(kd.run('||')).toEqual(['.  0 Local KD']);
  });

  it('any other system or text is a syntax error at the argument', () => {
    const kd = kdWith(new Debugger(raceDump(), { banner: { dumpPath: 'C:\\Windows\\MEMORY.DMP', dumpKind: SUMMARY } }));
    expect(kd.run('||1')).toEqual(["         ^ Syntax error in '||1'"]);
    expect(kd.run('||x')).toEqual(["         ^ Syntax error in '||x'"]);
    // `|` (process status) is still its own command.
    expect(kd.run('|')).toEqual(['.  0\tid: 0\texamine\tname: ntoskrnl.exe']);
  });
});
