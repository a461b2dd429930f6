/** A lab's terminal panes: one console by default, or the lab's own list, checked like its ids. */
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../labs/registry.ts';
import { labPanes, validateLab, type LabDefinition } from '../../src/lab/schema.ts';

const welcome = await loadLab('welcome');
if (!welcome) throw new Error('no welcome lab');
const withPanes = (panes: LabDefinition['panes']): LabDefinition => ({ ...welcome, panes });

describe('lab panes', () => {
  it('default to one console pane', () => {
    expect(labPanes(welcome)).toEqual([{ id: 'console', title: 'Console' }]);
    expect(labPanes(withPanes([]))).toEqual([{ id: 'console', title: 'Console' }]);
  });

  it("are the lab's own when it lists them (a target console beside a host debugger)", () => {
    const panes = [
      { id: 'target', title: 'Target console' },
      { id: 'host', title: 'Host debugger' },
    ];
    expect(labPanes(withPanes(panes))).toEqual(panes);
    expect(validateLab(withPanes(panes))).toEqual([]);
  });

  it('are checked: ids well formed and unique, each with a title', () => {
    expect(
      validateLab(
        withPanes([
          { id: 'Host', title: 'Host' },
          { id: 'host', title: ' ' },
          { id: 'host', title: 'Again' },
        ]),
      ),
    ).toEqual([`pane id 'Host' must match /^[a-z0-9][a-z0-9-]*$/`, `pane 'host' has no title`, `pane id 'host' is used twice`]);
  });
});
