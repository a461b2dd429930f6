import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { NT_SUCCESS } from '../../src/kernel/status.ts';

/** SwLegacy running with a handle open on \\??\\SwLegacy, so a stop stays pending until it closes. */
function legacyWithOpenHandle() {
  const s = new LabSession(lab);
  s.submit('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
  s.submit('sc start SwLegacy');
  const k = kernelOf(s.machine);
  if (!k) throw new Error('no kernel');
  const h = k.fileIo.open('\\??\\SwLegacy');
  expect(NT_SUCCESS(h.status)).toBe(true);
  return { s, k, handle: h.handle };
}

describe('SCM while a driver stop is pending: QA regressions', () => {
  it('sc stop of a STOP_PENDING driver fails with 1061, not with the mapped STATUS_DELETE_PENDING (5)', () => {
    const { s, k, handle } = legacyWithOpenHandle();
    const first = s.submit('sc stop SwLegacy').output;
    expect(first).toContain('STATE              : 3  STOP_PENDING\n                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n');
    expect(s.submit('sc stop SwLegacy').output).toBe('[SC] ControlService FAILED 1061:\n\nThe service cannot accept control messages at this time.\n\n\n');
    expect(s.machine.events.of('console.command').at(-1)?.status).toBe(1061);
    k.fileIo.close(handle);
    expect(s.submit('sc query SwLegacy').output).toContain('STATE              : 1  STOPPED');
  });
});

describe('one image, two services: QA regressions', () => {
  it('a second service on an image that is already loaded gets 1056 and no second DriverEntry', () => {
    const s = new LabSession(lab);
    s.submit('sc create legacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    s.submit('sc start legacy');
    s.submit('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    expect(s.submit('sc start SwLegacy').output).toBe('[SC] StartService FAILED 1056:\n\nAn instance of the service is already running.\n\n\n');
    expect(s.machine.events.of('kernel.driverLoadFailed').at(-1)).toEqual(expect.objectContaining({ service: 'SwLegacy', status: '0xC000010E' }));
    const k = kernelOf(s.machine);
    expect(k?.rtl.state.entries.filter((e) => e.text.includes('DriverEntry'))).toHaveLength(1);
    // Once the first service has unloaded the image, the second one loads it normally.
    s.submit('sc stop legacy');
    expect(s.submit('sc start SwLegacy').output).toContain('STATE              : 4  RUNNING');
  });
});

describe('driverquery while a stop is pending: QA regressions', () => {
  it('/v shows State "Stop Pending" and Accept Stop FALSE, as the SCM reports it', () => {
    const { s, k, handle } = legacyWithOpenHandle();
    s.submit('sc stop SwLegacy');
    const row = s
      .submit('driverquery /v /fo csv')
      .output.split('\n')
      .find((l) => l.startsWith('"SwLegacy"'));
    expect(row?.split('","').slice(5, 8)).toEqual(['Stop Pending', 'OK', 'FALSE']);
    k.fileIo.close(handle);
    const after = s
      .submit('driverquery /v /fo csv')
      .output.split('\n')
      .find((l) => l.startsWith('"SwLegacy"'));
    expect(after?.split('","').slice(5, 8)).toEqual(['Stopped', 'OK', 'FALSE']);
  });
});
