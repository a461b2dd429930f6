/** tasklist lists the machine's processes (the same list !process walks), with the running tool itself. */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

describe('tasklist', () => {
  it('shows the boot processes, cmd.exe and tasklist.exe itself, in Windows 7 columns', () => {
    const s = new LabSession({ ...lab, hostDebugger: false });
    const out = s.submit('tasklist').output.split('\n');
    expect(out[1]).toBe('Image Name                     PID Session Name        Session#    Mem Usage');
    expect(out[2]).toBe('========================= ======== ================ =========== ============');
    expect(out[3]).toBe('System Idle Process              0 Services                   0         24 K');
    expect(out.some((l) => /^cmd\.exe +\d+ Console +1 +[\d,]+ K$/.test(l))).toBe(true);
    expect(out.some((l) => l.startsWith('tasklist.exe'))).toBe(true);
    // The tool's process is gone once the command ends.
    expect(
      s
        .submit('tasklist')
        .output.split('\n')
        .filter((l) => l.startsWith('tasklist.exe')),
    ).toHaveLength(1);
  });

  it('/svc names the services each svchost runs; /m lists loaded modules; bad switches are refused', () => {
    const s = new LabSession({ ...lab, hostDebugger: false });
    expect(s.submit('tasklist /svc').output).toMatch(/svchost\.exe +\d+ PlugPlay, Power/);
    expect(s.submit('tasklist /m').output).toMatch(/cmd\.exe +\d+ cmd\.exe, ntdll\.dll, kernel32\.dll,/);
    const bad = s.submit('tasklist /x').output;
    expect(bad).toContain("ERROR: Invalid argument/option - '/x'.");
  });
});
