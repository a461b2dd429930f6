/**
 * The live machine through the debugger: local kernel debugging at the console, objects read through
 * memory agreeing with the console's tools, processes and threads, .process/.thread, dumps the machine writes.
 */
import { describe, expect, it } from 'vitest';
import driverLoading from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import type { LabDefinition } from '../../src/lab/schema.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { registerModule } from '../../src/kernel/drivers/modules.ts';
import type { ModuleCode } from '../../src/kernel/io/types.ts';

const lab: LabDefinition = { ...driverLoading, hostDebugger: false };

function lkd(...lines: string[]): LabSession {
  const s = new LabSession(lab);
  for (const l of lines) s.play(l);
  return s;
}

describe('kd -kl', () => {
  it('opens a local kernel debugging session with the lkd> prompt and reads the live process list', () => {
    const s = lkd('kd -kl');
    expect(s.prompt()).toBe('lkd> ');
    const out = s.submit('!process 0 0').output.split('\n');
    expect(out[0]).toBe('**** NT ACTIVE PROCESS DUMP ****');
    expect(out.filter((l) => l.startsWith('    Image: '))).toEqual(
      expect.arrayContaining(['    Image: System', '    Image: services.exe', '    Image: explorer.exe', '    Image: cmd.exe']),
    );
    expect(out[2]).toBe('    SessionId: none  Cid: 0004    Peb: 00000000  ParentCid: 0000');
  });

  it('cannot stop or run the machine', () => {
    const s = lkd('kd -kl');
    for (const cmd of ['g', 'bp nt!IofCallDriver']) expect(s.submit(cmd).output).toMatch(/^lab: local kernel debugging/);
    expect(s.submit('q').output).toBe('quit:\n');
    expect(s.prompt()).toBe('C:\\Drivers>');
  });

  it('sees a driver the console just loaded: its DRIVER_OBJECT in pool, dispatch table read through memory', () => {
    const s = lkd('sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys', 'sc start SwLegacy', 'kd -kl');
    const x = s.submit('x swlegacy!SwLegacyDispatchPower').output;
    const power = /^(fffff880`[0-9a-f]{8})/.exec(x)?.[1];
    expect(power).toBeDefined();
    const lm = s.submit('lm m swlegacy').output;
    expect(lm).toContain('swlegacy');
  });

  it('switches context the dump way: .process /p /r makes user modules and user stack frames resolve', () => {
    const s = lkd('kd -kl');
    const cmdLine = s.submit('!process 0 0 cmd.exe').output.split('\n')[1];
    const eprocess = /^PROCESS ([0-9a-f]{16})$/.exec(cmdLine)?.[1] as string;
    expect(eprocess).toBeDefined();
    const plain = s.submit(`.process ${eprocess}`).output;
    expect(plain).toBe(`Implicit process is now ${eprocess.slice(0, 8)}\`${eprocess.slice(8)}\n`);
    const full = s.submit(`.process /p /r ${eprocess}`).output.split('\n');
    expect(full.slice(0, 3)).toEqual([
      `Implicit process is now ${eprocess.slice(0, 8)}\`${eprocess.slice(8)}`,
      '.cache forcedecodeuser done',
      'Loading User Symbols',
    ]);
    expect(s.submit('lmu').output).toMatch(/cmd {8}\(deferred\)/);
    const thread = /THREAD ([0-9a-f]{16})/.exec(s.submit(`!process ${eprocess} 6`).output)?.[1] as string;
    const t = s.submit(`!thread ${thread}`).output;
    expect(t).toContain('nt!KiSystemServiceCopyEnd+0x13 (TrapFrame @');
    expect(t).toContain('cmd!ReadBufFromConsole+0x10a');
  });
});

const crasher: ModuleCode = {
  name: 'crasher',
  file: 'crasher.sys',
  linkDate: 1295531700,
  imageSize: 0x4000,
  DriverEntry(nt) {
    return nt.KeBugCheckEx(0xe2, 0, 0, 0, 0);
  },
};
registerModule(crasher);

describe('crash dumps written by the machine', () => {
  it('no dump before a crash; after one, kd -z opens MEMORY.DMP with the bug check, its parameters and the processes', () => {
    const s = lkd();
    expect(s.submit('kd -z C:\\Windows\\MEMORY.DMP').output).toContain('Could not open dump file [C:\\Windows\\MEMORY.DMP], Win32 error 0n2');
    const k = kernelOf(s.machine);
    k?.fs.write('C:\\Drivers\\crasher.sys', { size: 4096, written: 0, content: null, image: 'crasher' });
    s.submit('sc create crasher type= kernel binPath= C:\\Drivers\\crasher.sys');
    s.submit('sc start crasher');
    expect(k?.halted?.code).toBe(0xe2);
    const opened = s.submit('kd -z C:\\Windows\\MEMORY.DMP');
    expect(opened.output).toContain('Loading Dump File [C:\\Windows\\MEMORY.DMP]');
    expect(opened.output).toContain('BugCheck E2, {0, 0, 0, 0}');
    expect(opened.output).toContain('Probably caused by : crasher.sys ( crasher!DriverEntry+2f )');
    expect(s.prompt()).toBe('0: kd> ');
    const analysis = s.submit('!analyze -v').output;
    expect(analysis).toMatch(/STACK_TEXT:\n[^\n]+ : nt!KeBugCheckEx\n[^\n]+ : crasher!DriverEntry\+0x2f\n/);
    expect(analysis).toContain('IMAGE_NAME:  crasher.sys');
    expect(s.submit('.bugcheck').output).toContain('Bugcheck code 000000E2');
    expect(s.submit('!process 0 0 cmd.exe').output).toContain('    Image: cmd.exe');
    expect(s.submit('g').output).toContain('No runnable debuggees');
  });
});
