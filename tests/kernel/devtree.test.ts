import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { deviceTreeSvg } from '../../src/diagrams/devtree.ts';

const INBOX = ['Wdf01000', 'Null', 'Beep', 'swenum', 'umbus', 'Ntfs'];

function after(lines: readonly string[]): LabSession {
  const s = new LabSession(lab);
  for (const l of lines) s.play(l);
  return s;
}

describe('device tree diagram', () => {
  it('is an accessible SVG drawn from the machine', () => {
    const svg = deviceTreeSvg(after([]).machine);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="dt-t dt-d"/);
    expect(svg).toContain('<title id="dt-t">PnP device tree and object namespace</title>');
    expect(svg).toContain('HTREE\\ROOT\\0');
    expect(svg).toContain('ROOT\\UMBUS\\0000');
    expect(svg).not.toMatch(/fill="#|stroke="#/);
  });

  it('shows the legacy device outside every stack and the PnP device in its stack', () => {
    const svg = deviceTreeSvg(after(lab.solution.slice(0, 6)).machine, { hide: INBOX });
    expect(svg).toContain('ROOT\\SAMPLE\\0000');
    expect(svg).toContain('FDO (unnamed)  \\Driver\\SwPnp');
    expect(svg).toMatch(/SwLegacy {2}\\Driver\\SwLegacy<\/text>\n<text[^>]*>in no PnP device stack/);
    expect(svg).not.toContain('ROOT\\UMBUS');
    expect(svg).toContain('1 named device(s) in no PnP stack');
  });

  it('changes when the machine does: the devnode goes after devcon remove', () => {
    const s = after(lab.solution.slice(0, 6));
    s.submit('devcon remove Root\\SwPnp');
    const svg = deviceTreeSvg(s.machine, { hide: INBOX });
    expect(svg).not.toContain('ROOT\\SAMPLE\\0000');
    expect(svg).not.toContain('\\Driver\\SwPnp');
  });

  it('says so for a machine without a kernel', () => {
    expect(deviceTreeSvg(new Machine())).toContain('This machine has no Windows kernel.');
  });
});
