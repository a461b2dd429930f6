/** Running debugger commands on a booted kernel through the live target (tests only). */
import type { Kernel } from '../../src/kernel/nt.ts';
import { LiveTarget } from '../../src/debugger/live/target.ts';
import { Debugger } from '../../src/debugger/debugger.ts';
import type { ProgramHost } from '../../src/base/program.ts';

export class LiveKd {
  readonly kd: Debugger;
  readonly target: LiveTarget;
  private out = '';
  private readonly host: ProgramHost;

  constructor(k: Kernel) {
    this.target = new LiveTarget(k, 'local');
    this.kd = new Debugger(this.target);
    this.host = { write: (text: string) => (this.out += text), emit: () => undefined } as unknown as ProgramHost;
  }

  run(line: string): string[] {
    this.out = '';
    this.target.refresh();
    this.kd.run(line, this.host);
    return this.out.replace(/\n$/, '').split('\n');
  }
}
