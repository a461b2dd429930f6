/**
 * !thread and !process <addr> 7 list a thread's pending IRPs as kdexts does: `IRP List:` under
 * the thread's first line, then each IRP on ETHREAD.IrpList (linked by IRP.ThreadListEntry)
 * with its Type and Size, Flags and MdlAddress, all read from memory. ioctlapp /wait leaves
 * its DeviceIoControl pending on its main thread.
 */
import { describe, expect, it } from 'vitest';
import { kernelOf } from '../../src/kernel/nt.ts';
import { LabSession } from '../../src/lab/session.ts';
import irpLab from '../../labs/irp-dispatch/lab.ts';

function out(r: ReturnType<LabSession['play']>): string {
  return typeof r === 'string' ? r : r.output;
}

/** ioctlapp waiting on its pended IRP, the host debugger broken in. */
function waiting(command = 'ioctlapp /method:buffered /wait') {
  const s = new LabSession(irpLab);
  for (const line of [command, '\x1d', '\x03']) s.play(line);
  const k = kernelOf(s.machine);
  if (!k) throw new Error('no kernel');
  const tool = k.ps.list().find((p) => p.name === 'ioctlapp.exe');
  const thread = tool ? k.ps.threadsOf(tool)[0] : undefined;
  if (!tool || !thread) throw new Error('ioctlapp is not running');
  const irps = Object.values(k.io.state.irps).filter((i) => !i.Completed && i.Origin.kind === 'user');
  return { s, k, tool, thread, irps };
}

describe('the IRP list of a thread', () => {
  it('!thread prints the pending IRP with its Type/Size, Flags and Mdl from memory', () => {
    const { s, thread, irps } = waiting();
    expect(irps).toHaveLength(1);
    const irp = irps[0];
    const text = out(s.play(`!thread ${thread.ethread}`));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^THREAD [0-9a-f]{16} {2}Cid /);
    expect(lines[1]).toBe('IRP List:');
    expect(lines[2]).toMatch(new RegExp(`^    ${irp.Address}: \\(0006,[0-9a-f]{4}\\) Flags: [0-9a-f]{8}  Mdl: 00000000$`));
    expect(lines[3]).toBe('Not impersonating');
    // The size is the IRP's with its stack locations; the flags are what the I/O manager set.
    const size = (0xd0 + irp.StackCount * 0x48).toString(16).padStart(4, '0');
    expect(lines[2]).toContain(`(0006,${size}) Flags: ${(irp.Flags >>> 0).toString(16).padStart(8, '0')}`);
    // The links are in memory: the IRP's ThreadListEntry points back at the thread's IrpList.
    const head = (BigInt(`0x${thread.ethread}`) + 0x3e8n).toString(16);
    expect(out(s.play(`dt nt!_IRP ${irp.Address} ThreadListEntry.`))).toMatch(new RegExp(`Flink\\s+: 0x${head.slice(0, 8)}\`${head.slice(8)}`));
  });

  it('a write to the IRP in memory shows in the list (Flags read back, not kept aside)', () => {
    const { s, thread, irps } = waiting();
    s.play(`ed ${irps[0].Address}+10 00000000`);
    expect(out(s.play(`!thread ${thread.ethread}`))).toContain('Flags: 00000000  Mdl:');
  });

  it('!process <addr> 7 prints it under the thread; other threads and processes print none', () => {
    const { s, tool, irps } = waiting();
    const text = out(s.play(`!process ${tool.eprocess} 7`));
    expect(text).toMatch(new RegExp(`\\n {8}THREAD [0-9a-f]{16}.*\\n {8}IRP List:\\n {12}${irps[0].Address}: \\(0006,`));
    expect(text.match(/IRP List:/g)).toHaveLength(1);
    expect(out(s.play('!process 4 7'))).not.toContain('IRP List:');
  });

  it('once Ctrl-C has cancelled the IRP, no thread of the machine lists one', () => {
    const { s } = waiting();
    expect(out(s.play('!process 0 7'))).toContain('IRP List:');
    for (const line of ['g', '\x1d', '\x03', '\x1d', '\x03']) s.play(line);
    expect(s.machine.events.of('console.ctrlC')).toHaveLength(1);
    const all = out(s.play('!process 0 7'));
    expect(all).toContain('THREAD ');
    expect(all).not.toContain('IRP List:');
  });
});
