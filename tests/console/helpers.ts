import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

/** A fresh driver-loading session; `run` submits one line and returns its output and status. */
export function session() {
  const s = new LabSession(lab);
  return {
    s,
    run(line: string): { out: string; status: number } {
      const step = s.submit(line);
      const last = s.machine.events.of('console.command').at(-1);
      return { out: step.output, status: last?.status ?? -1 };
    },
  };
}
