/** A debugger over a dump with a recording host, for tests and benches. */
import type { LabEventMap, LabEventType } from '../../src/base/events.ts';
import type { LabAids, ProgramHost } from '../../src/base/program.ts';
import { Debugger } from '../../src/debugger/debugger.ts';
import type { Target } from '../../src/debugger/target.ts';
import { raceDump } from '../../labs/race-0x3b/dump.ts';

export interface Recorded {
  readonly type: LabEventType;
  readonly data: LabEventMap[LabEventType];
}

export class Kd {
  readonly dbg: Debugger;
  readonly events: Recorded[] = [];
  exited = false;
  private out = '';
  readonly host: ProgramHost;

  constructor(target: Target = raceDump()) {
    this.dbg = new Debugger(target);
    const aids: LabAids = { status: () => 'status\n', hint: () => 'hint\n', answer: () => 'answer\n', questions: () => 'questions\n' };
    this.host = {
      write: (t) => {
        this.out += t;
      },
      clear: () => undefined,
      emit: (type, data) => {
        this.events.push({ type, data });
      },
      spawn: () => undefined,
      exit: () => {
        this.exited = true;
      },
      lab: aids,
      history: () => [],
    };
  }

  /** Run a line; returns the output lines (without the final newline). */
  run(line: string): string[] {
    this.out = '';
    this.dbg.run(line, this.host);
    const text = this.out;
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  }

  /** The last kd.command event. */
  last(): LabEventMap['kd.command'] {
    const e = [...this.events].reverse().find((x) => x.type === 'kd.command');
    if (!e) throw new Error('no kd.command event');
    return e.data as LabEventMap['kd.command'];
  }
}
