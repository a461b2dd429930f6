import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { NT_SUCCESS } from '../../src/kernel/status.ts';

describe('SCM while a driver stop is pending: QA regressions', () => {
  it('sc stop of a STOP_PENDING driver fails with 1061, not with the mapped STATUS_DELETE_PENDING (5)', () => {
    const s = new LabSession(lab);
    s.submit('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    s.submit('sc start SwLegacy');
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    const h = k.fileIo.open('\\??\\SwLegacy');
    expect(NT_SUCCESS(h.status)).toBe(true);
    const first = s.submit('sc stop SwLegacy').output;
    expect(first).toContain('STATE              : 3  STOP_PENDING\n                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n');
    expect(s.submit('sc stop SwLegacy').output).toBe('[SC] ControlService FAILED 1061:\n\nThe service cannot accept control messages at this time.\n\n\n');
    expect(s.machine.events.of('console.command').at(-1)?.status).toBe(1061);
    k.fileIo.close(h.handle);
    expect(s.submit('sc query SwLegacy').output).toContain('STATE              : 1  STOPPED');
  });
});
