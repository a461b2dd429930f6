/**
 * What the lab element does after each change stays independent of the session's length: the
 * panel finds answers through the event log's index by type, and the debrief is built (it reads
 * every event) only when it is shown. Counted: reads of the session's whole event list.
 */
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../labs/registry.ts';
import { renderDebrief } from '../../src/components/lab/debrief.ts';
import { renderPanel } from '../../src/components/lab/panel.ts';
import { LabSession } from '../../src/lab/session.ts';

/** The session, counting reads of its `events` (every event, in order). */
function counted(session: LabSession): { session: LabSession; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(session, {
    get(target, key) {
      if (key === 'events') reads++;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { session: proxy, reads: () => reads };
}

/** A panel root with no elements in it, and a debrief section that records whether it is hidden. */
function fakeRoot() {
  const section = { hidden: false, querySelector: () => ({ replaceChildren: () => undefined }) };
  const root = { querySelector: (selector: string) => (selector === '[data-debrief]' ? section : null) } as unknown as HTMLElement;
  return { root, section };
}

describe('lab panel and debrief after each change', async () => {
  const lab = await loadLab('welcome');
  if (!lab) throw new Error('no welcome lab');

  it('the panel reads no event list, however long the session (answers come from the index by type)', () => {
    const s = new LabSession(lab);
    for (let i = 0; i < 300; i++) s.submit(i % 2 ? 'ver' : 'help');
    s.answer(lab.objectives.find((o) => o.kind === 'question')?.id ?? '', 'x');
    const { session, reads } = counted(s);
    const state = renderPanel(fakeRoot().root, lab, session);
    expect(state.answers).toBe(1);
    expect(reads()).toBe(0);
  });

  it('a hidden debrief is not built (no event read)', () => {
    const s = new LabSession(lab);
    for (let i = 0; i < 300; i++) s.submit('ver');
    expect(s.objectives().every((o) => o.done)).toBe(false);
    const { session, reads } = counted(s);
    const { root, section } = fakeRoot();
    expect(renderDebrief(root, lab, session, false)).toBe(false);
    expect(section.hidden).toBe(true);
    expect(reads()).toBe(0);
  });
});
