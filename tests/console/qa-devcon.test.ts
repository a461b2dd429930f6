import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('devcon: QA regressions', () => {
  it('find prints one line per device: the instance ID padded to 60, then ": " and the description', () => {
    const { run } = session();
    run('devcon install swpnp.inf Root\\SwPnp');
    expect(run('devcon find Root\\SwPnp').out).toBe(`${'ROOT\\SAMPLE\\0000'.padEnd(60)}: SwPnp Software Device\n1 matching device(s) found.\n\n`);
    expect(run('devcon find *').out).toContain(`${'ROOT\\SYSTEM\\0000'.padEnd(60)}: Plug and Play Software Device Enumerator\n`);
  });
});
