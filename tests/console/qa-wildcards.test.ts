import { describe, expect, it } from 'vitest';
import { wildcardMatch } from '../../src/console/commands/ntcommon.ts';
import { session } from './helpers.ts';

describe('wildcards: QA regressions', () => {
  it('a pattern of many stars is answered at once (no exponential backtracking)', () => {
    const stars = '*'.repeat(40);
    expect(wildcardMatch(`${stars}x`, 'ROOT\\LEGACY_WDF01000\\0000')).toBe(false);
    expect(wildcardMatch(`${stars}0000`, 'ROOT\\LEGACY_WDF01000\\0000')).toBe(true);
    const { run } = session();
    expect(run(`devcon status @${stars}x`).out).toBe('No matching devices found.\n\n');
    expect(run(`devcon status ${stars}x`).out).toBe('No matching devices found.\n\n');
    expect(run(`dir ${stars}x`).out).toContain('File Not Found');
  });

  it('devcon: * matches any run, case-insensitively; ? is a literal', () => {
    expect(wildcardMatch('root\\*', 'ROOT\\SWENUM')).toBe(true);
    expect(wildcardMatch('*PNP*', 'Root\\SwPnp')).toBe(true);
    expect(wildcardMatch('Root\\SwPn?', 'Root\\SwPnp')).toBe(false);
    expect(wildcardMatch('a*b*c', 'aXbYbZc')).toBe(true);
    expect(wildcardMatch('a*b*c', 'aXbYcZ')).toBe(false);
  });

  it('dir: ? matches one character and *.* matches names without an extension too', () => {
    const { run } = session();
    expect(run('dir swpnp.???').out).toMatch(/swpnp\.inf[\s\S]*swpnp\.sys[\s\S]*2 File\(s\)/);
    const all = run('dir C:\\*.*').out;
    expect(all).toContain('<DIR>          Drivers');
    expect(all).toContain('<DIR>          Windows');
  });
});
