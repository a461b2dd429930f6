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

describe('devcon commands this machine lacks: QA regressions', () => {
  it('a real devcon command that is not offered says so (exit 2); an unknown word still gets the usage (exit 3)', () => {
    const { run } = session();
    const r = run('devcon disable *swpnp');
    expect(r.status).toBe(2);
    expect(r.out).toBe("devcon: 'disable' is not available on this lab machine; it offers find, help, hwids, install, remove, stack, status.\n\n");
    expect(run('devcon frobnicate').out).toBe('devcon Usage: devcon [-r] [-m:\\\\<machine>] <command> [<arg>...]\nFor more information, type: devcon help\n\n');
    expect(run('devcon frobnicate').status).toBe(3);
  });
});
