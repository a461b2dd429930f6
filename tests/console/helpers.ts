import lab from '../../labs/driver-loading/lab.ts';
import type { LabDefinition } from '../../src/lab/schema.ts';
import { LabSession } from '../../src/lab/session.ts';

/** A fresh session of a lab (driver-loading unless told); `run` submits one line and returns its output and status. */
export function session(def: LabDefinition = lab) {
  const s = new LabSession(def);
  return {
    s,
    run(line: string): { out: string; status: number } {
      const step = s.submit(line);
      const last = s.machine.events.of('console.command').at(-1);
      return { out: step.output, status: last?.status ?? -1 };
    },
  };
}
