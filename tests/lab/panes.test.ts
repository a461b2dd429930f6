/** A lab's terminal panes: one console by default, or the lab's own list of the session's panes. */
import { describe, expect, it } from 'vitest';
import { loadAllLabs, loadLab } from '../../labs/registry.ts';
import { labPanes, validateLab, type LabDefinition } from '../../src/lab/schema.ts';

const welcome = await loadLab('welcome');
if (!welcome) throw new Error('no welcome lab');
/** Pane lists as an author might write them, right or wrong (ids are checked at run time too). */
const withPanes = (panes: readonly { id: string; title: string }[], hostDebugger = true): LabDefinition =>
  ({ ...welcome, hostDebugger, panes }) as LabDefinition;

describe('lab panes', () => {
  it('default to one console pane', () => {
    expect(labPanes(welcome)).toEqual([{ id: 'console', title: 'Console' }]);
    expect(labPanes(withPanes([]))).toEqual([{ id: 'console', title: 'Console' }]);
  });

  it("are the lab's own when it lists them (the machine's console beside a host debugger)", () => {
    const panes = [
      { id: 'console', title: 'Target console' },
      { id: 'host', title: 'Host debugger' },
    ];
    expect(labPanes(withPanes(panes))).toEqual(panes);
    expect(validateLab(withPanes(panes))).toEqual([]);
  });

  it("are checked: each one of the session's panes, once, with a title; a host pane needs a host debugger", () => {
    expect(
      validateLab(
        withPanes([
          { id: 'target', title: 'Target' },
          { id: 'host', title: ' ' },
          { id: 'host', title: 'Again' },
        ]),
      ),
    ).toEqual([`pane id 'target' must be 'console' or 'host'`, `pane 'host' has no title`, `pane id 'host' is used twice`]);
    expect(
      validateLab(
        withPanes(
          [
            { id: 'console', title: 'Console' },
            { id: 'host', title: 'kd' },
          ],
          false,
        ),
      ),
    ).toEqual(["pane 'host' needs hostDebugger: true"]);
  });

  it('every lab with a host debugger (driver-loading among them) shows it in a terminal of its own beside the console', async () => {
    const labs = (await loadAllLabs()).filter((lab) => lab.hostDebugger);
    expect(labs.map((lab) => lab.id)).toContain('driver-loading');
    for (const lab of labs)
      expect(
        labPanes(lab).map((p) => p.id),
        lab.id,
      ).toEqual(['console', 'host']);
  });
});
