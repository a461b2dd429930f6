/**
 * `!pcr`, `!prcb` and `!irql` on the live machine, in kdexts' layouts: the processor's control
 * region and block hold its current thread (the stopped one, or the idle thread), its idle
 * thread and counts that grow with the machine's clock; `$pcr`/`$prcb` name the same addresses.
 */
import { describe, expect, it } from 'vitest';
import driverLoading from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { hostLab, stoppedInSleep } from './host-helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { Kd } from '../debugger/harness.ts';

const lab = hostLab;
const stopped = stoppedInSleep;

const Q = '[0-9a-f]{16}';

describe('!pcr, !prcb and !irql on the live machine', () => {
  it("!pcr shows the current processor's control region in kdexts' layout", () => {
    const s = stopped();
    const k = kernelOf(s.machine);
    const lines = s.submit('!pcr').output.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^KPCR for Processor 1 at (${Q}):$`));
    const at = lines[0].slice(lines[0].indexOf(' at ') + 4, -1);
    expect(lines[1]).toBe('    Major 1 Minor 1');
    expect(lines[2]).toMatch(new RegExp(`^      NtTib.ExceptionList: ${Q}$`));
    expect(lines[5]).toBe(`       NtTib.SubSystemTib: ${at}`);
    expect(lines).toContain(`                     Prcb: ${(BigInt('0x' + at) + 0x180n).toString(16).padStart(16, '0')}`);
    const worker = k?.ps.threadsOf(k.ps.process(4) ?? k.ps.list()[0])[1].ethread;
    expect(lines).toContain(`            CurrentThread: ${worker}`);
    expect(lines).toContain(`               IdleThread: ${k?.ps.state.idleThreads[1]}`);
    expect(lines[lines.length - 1]).toBe('                DpcQueue:');
    expect(s.submit('? @$pcr').output).toContain(`${at.slice(0, 8)}\`${at.slice(8)}`);
  });

  it('!prcb defaults to processor 0, whose current thread is its idle thread while processor 1 stopped', () => {
    const s = stopped();
    const k = kernelOf(s.machine);
    const lines = s.submit('!prcb').output.replace(/\n$/, '').split('\n');
    expect(lines[0]).toMatch(new RegExp(`^PRCB for Processor 0 at ${Q}:$`));
    expect(lines[1]).toBe('Current IRQL -- 0');
    const idle = k?.ps.state.idleThreads[0];
    expect(lines[2]).toBe(`Threads--  Current ${idle} Next 0000000000000000 Idle ${idle}`);
    expect(lines[3]).toBe('Processor Index 0 Number (0, 0) GroupSetMember 1');
    expect(lines[4]).toMatch(/^Interrupt Count -- [0-9a-f]{8}$/);
    expect(lines[5]).toMatch(/^Times -- Dpc {4}[0-9a-f]{8} Interrupt [0-9a-f]{8} $/);
    expect(lines[6]).toMatch(/^ {9}Kernel [0-9a-f]{8} User {6}[0-9a-f]{8} $/);
    expect(s.submit('!prcb 1').output).toContain('Processor Index 1 Number (0, 1) GroupSetMember 2');
  });

  it("the counts grow with the machine's clock", () => {
    const s = new LabSession(lab);
    s.focus('host');
    s.interrupt();
    const first = s.submit('!prcb').output.split('\n')[4];
    s.submit('g');
    s.focus('console');
    for (let i = 0; i < 5; i++) s.submit('dir');
    s.focus('host');
    s.interrupt();
    expect(s.submit('!prcb').output.split('\n')[4]).not.toBe(first);
  });

  it("!irql names the stop's IRQL; a processor that does not exist is an error for all three", () => {
    const s = stopped();
    expect(s.submit('!irql').output).toBe('Debugger saved IRQL for processor 0x1 -- 0 (LOW_LEVEL)\n');
    expect(s.submit('!pcr 5').output).toBe('Cannot get PRCB address for processor 0x5\n');
    expect(s.submit('!prcb 5').output).toBe('Cannot get PRCB address for processor 0x5\n');
    expect(s.submit('!irql 5').output).toBe('Cannot get PRCB address for processor 0x5\n');
    expect(s.submit('!pcr nosuch!x').output).toBe("Couldn't resolve error at 'nosuch!x'\n");
  });

  it('a dump that keeps only $pcr says what it lacks', () => {
    const kd = new Kd();
    expect(kd.run('!prcb 2')[0]).toMatch(/^lab: this dump does not keep processor 2's control region/);
  });

  it('local kernel debugging reads them too', () => {
    const s = new LabSession(driverLoading);
    s.submit('kd -kl');
    expect(s.submit('!pcr').output).toMatch(/^KPCR for Processor 0 at /);
  });
});
