/**
 * A student's timeline (inputs, outputs, events) and its replay: the screen is
 * rebuilt entry by entry, at the pace the student went (sped up), and can be
 * paused, stepped and scrubbed.
 */
import type { StoredEvent } from '../../server/protocol.ts';
import { h } from './dom.ts';
import { clock, rungLabel } from './format.ts';

export function describe(e: StoredEvent): string {
  const a = e.activity;
  switch (a.kind) {
    case 'step': {
      const status = a.status !== null && a.status !== 0 ? `  [status ${a.status}]` : '';
      const output = a.output.replace(/\n+$/, '');
      const events = a.events.length > 0 ? `\n    events: ${a.events.map((e) => e.type).join(', ')}` : '';
      return `${a.program}> ${a.input}${status}${output ? `\n${output}` : ''}${events}`;
    }
    case 'objective':
      return `*** objective met: ${a.title || a.objective} (${a.hintsTaken} hint${a.hintsTaken === 1 ? '' : 's'})`;
    case 'hint':
      return `*** hint ${a.level} (${rungLabel(a.level)}) taken for ${a.objective || 'the current objective'}${a.givesAway || a.level >= 4 ? ': it gives the objective away' : ''}`;
    case 'solution':
      return '*** opened the model solution';
    case 'input':
      return `*** input log entry ${a.index}: ${a.entry.kind === 'line' ? a.entry.text : a.entry.kind}`;
    case 'answer':
      return `*** answered ${a.objective}: ${a.answer} (${a.correct ? 'correct' : 'wrong'})`;
    case 'reset':
      return '*** lab reset';
    case 'open':
      return `*** opened the lab (${a.done} of ${a.total} objectives met)`;
  }
}

function summaryLine(e: StoredEvent): string {
  const a = e.activity;
  return a.kind === 'step' ? `${a.program}> ${a.input}` : describe(e).replace(/^\*\*\* /, '');
}

export class Replay {
  readonly element: HTMLElement;
  private readonly events: readonly StoredEvent[];
  private readonly screen: HTMLPreElement;
  private readonly slider: HTMLInputElement;
  private readonly position: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly speed: HTMLSelectElement;
  private pos: number;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(all: readonly StoredEvent[]) {
    // The input log entries repeat what the steps, answers and hints show: they are for the server's replay.
    const events = all.filter((e) => e.activity.kind !== 'input');
    this.events = events;
    this.pos = events.length;
    this.screen = h('pre', { className: 'screen', tabindex: 0, 'aria-label': 'Replay screen' });
    this.slider = h('input', {
      type: 'range',
      min: 0,
      max: events.length,
      value: events.length,
      'aria-label': 'Replay position',
      oninput: () => this.seek(Number(this.slider.value)),
    });
    this.position = h('span', { className: 'note' });
    this.play = h('button', { type: 'button', onclick: () => this.toggle() }, 'Play');
    this.speed = h(
      'select',
      { 'aria-label': 'Replay speed' },
      h('option', { value: '1' }, '1×'),
      h('option', { value: '4', selected: true }, '4×'),
      h('option', { value: '16' }, '16×'),
    );
    const list = h(
      'ol',
      { className: 'timeline' },
      ...events.map((e, i) =>
        h(
          'li',
          { className: `kind-${e.activity.kind}` },
          h('button', { type: 'button', className: 'link', onclick: () => this.seek(i + 1) }, `${clock(e.at)} ${e.activity.lab}`),
          ' ',
          summaryLine(e),
        ),
      ),
    );
    const controls = h(
      'div',
      { className: 'replay-controls', role: 'group', 'aria-label': 'Replay controls' },
      h('button', { type: 'button', onclick: () => this.seek(0) }, 'Start'),
      h('button', { type: 'button', onclick: () => this.seek(this.pos - 1) }, 'Back'),
      this.play,
      h('button', { type: 'button', onclick: () => this.seek(this.pos + 1) }, 'Forward'),
      this.slider,
      this.speed,
      this.position,
    );
    this.element = h(
      'div',
      { className: 'replay' },
      events.length === 0 ? h('p', { className: 'note' }, 'No activity yet.') : null,
      controls,
      this.screen,
      h('details', {}, h('summary', {}, `Timeline (${events.length} entries)`), list),
    );
    this.draw();
  }

  seek(to: number): void {
    this.pos = Math.max(0, Math.min(this.events.length, to));
    this.draw();
  }

  private draw(): void {
    this.slider.value = String(this.pos);
    const shown = this.events.slice(0, this.pos);
    this.screen.textContent = shown.map((e) => `[${clock(e.at)} ${e.activity.lab}] ${describe(e)}`).join('\n');
    this.screen.scrollTop = this.screen.scrollHeight;
    const at = this.pos > 0 ? clock(this.events[this.pos - 1].at) : 'start';
    this.position.textContent = `${this.pos} / ${this.events.length} · ${at}`;
  }

  private toggle(): void {
    if (this.timer !== null) this.stop();
    else {
      if (this.pos >= this.events.length) this.seek(0);
      this.play.textContent = 'Pause';
      this.next();
    }
  }

  private next(): void {
    if (this.pos >= this.events.length) {
      this.stop();
      return;
    }
    const gap = this.pos === 0 ? 0 : this.events[this.pos].at - this.events[this.pos - 1].at;
    const wait = Math.min(1500, Math.max(60, gap / Number(this.speed.value)));
    this.timer = setTimeout(() => {
      this.seek(this.pos + 1);
      this.next();
    }, wait);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.play.textContent = 'Play';
  }
}
