/**
 * A host-debugger lab in two terminals (as the workbench wires it): each terminal's line
 * discipline runs over `paneHandler` for its own pane, a step's output for the other pane is
 * printed there above its line, and the pane typed in becomes the session's focused pane.
 */
import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession, type Pane } from '../../src/lab/session.ts';
import { LineDiscipline } from '../../src/terminal/line-discipline.ts';
import { paneHandler } from '../../src/terminal/session-handler.ts';

class Two {
  readonly session: LabSession;
  readonly terms = new Map<Pane, Terminal>();
  readonly lds = new Map<Pane, LineDiscipline>();

  constructor(session = new LabSession(lab)) {
    this.session = session;
    for (const pane of ['console', 'host'] as const) {
      const term = new Terminal({ cols: 100, rows: 40, allowProposedApi: true });
      const ld = new LineDiscipline(term, paneHandler(session, pane, { other: (to, text) => this.lds.get(to)?.print(text) }));
      this.terms.set(pane, term);
      this.lds.set(pane, ld);
      ld.start(session.screenOf(pane));
    }
    // What the workbench does on every change: the terminal not typed in shows its current prompt.
    session.subscribe(() => {
      for (const [pane, ld] of this.lds) if (pane !== session.pane) ld.refreshPrompt();
    });
  }

  async type(pane: Pane, keys: string): Promise<void> {
    this.lds.get(pane)?.input(keys);
    await this.flush();
  }

  flush(): Promise<void> {
    return Promise.all([...this.terms.values()].map((t) => new Promise<void>((resolve) => t.write('', resolve)))).then(() => undefined);
  }

  /** A pane's lines, scrollback included, down to the cursor's. */
  lines(pane: Pane): string[] {
    const buf = this.terms.get(pane)?.buffer.active;
    const out: string[] = [];
    for (let y = 0; buf && y <= buf.baseY + buf.cursorY; y++) out.push(buf.getLine(y)?.translateToString(true) ?? '');
    return out;
  }
}

describe('two terminals over one session', () => {
  it('each terminal takes input for its own pane, and the pane typed in becomes the focused one (logged)', async () => {
    const t = new Two();
    await t.type('console', 'ver\r');
    expect(t.lines('console')).toContain('C:\\Drivers>ver');
    await t.type('host', '\x03');
    expect(t.session.pane).toBe('host');
    expect(t.session.log.filter((e) => e.kind === 'focus')).toEqual([{ kind: 'focus', pane: 'host' }]);
    expect(t.lines('host')).toContain('nt!RtlpBreakWithStatusInstruction:');
    expect(t.lines('host').at(-1)).toBe('0: kd> ');
    // The break-in stopped the machine: the console's prompt goes (it answers nothing now).
    expect(t.lines('console').at(-1)).toBe('');
    await t.type('host', 'g\r');
    expect(t.lines('console').at(-1)).toBe('C:\\Drivers>');
    // Up recalls the pane's own lines only.
    await t.type('host', '\x1b[A');
    expect(t.lds.get('host')?.line).toBe('g');
    await t.type('console', '\x1b[A');
    expect(t.lds.get('console')?.line).toBe('ver');
  });

  it('a breakpoint hit prints in kd above its line; g releases the console command there; a replay rebuilds both screens', async () => {
    const t = new Two();
    await t.type('console', 'devcon install swpnp.inf Root\\SwPnp\r');
    await t.type('host', '\x03');
    await t.type('host', 'bp swpnp!SwPnpEvtWdmPreprocessIrp\r');
    await t.type('host', 'g\r');
    // Half a line typed in kd while the machine runs: the hit's banner goes above it.
    await t.type('host', 'k');
    await t.type('console', 'pwrtest /sleep\r');
    const host = t.lines('host');
    expect(host.slice(-4)).toEqual([
      'Breakpoint 0 hit',
      'swpnp!SwPnpEvtWdmPreprocessIrp:',
      expect.stringContaining('mov     qword ptr [rsp+8],rbx'),
      '1: kd> k',
    ]);
    expect(t.lines('console').at(-2)).toBe('C:\\Drivers>pwrtest /sleep');
    expect(t.lines('console').join('\n')).not.toContain('Start: Sleep Scenario');
    await t.type('host', '\x15bc 0\r');
    await t.type('host', 'g\r');
    const console = t.lines('console');
    expect(console.slice(-3)).toEqual(['End: Sleep Scenario (1 of 1 cycles passed)', '', 'C:\\Drivers>']);
    // A reload replays the log: both screens come back as they were, and so does the focused pane.
    const again = new Two(LabSession.replay(lab, t.session.log));
    await again.flush();
    expect(again.lines('console')).toEqual(console);
    expect(again.lines('host')).toEqual(t.lines('host'));
    expect(again.session.pane).toBe('host');
  });

  it('Ctrl-L clears the screen of the pane it is pressed in, and only that one', async () => {
    const t = new Two();
    await t.type('host', '\x0c');
    expect(t.session.screenOf('host')).toBe('');
    expect(t.session.screenOf('console')).toContain('Microsoft Windows');
    const replayed = LabSession.replay(lab, t.session.log);
    expect(replayed.screenOf('host')).toBe('');
    expect(replayed.screenOf('console')).toContain('Microsoft Windows');
  });
});
