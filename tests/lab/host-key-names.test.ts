/**
 * Key objects name their keys the way Windows 7 keeps them: the Key object's body is a
 * _CM_KEY_BODY whose KeyControlBlock leads, through ParentKcb, up to \REGISTRY, each KCB's
 * NameBlock holding one upper-cased name. !handle and !object print the full name built
 * from those blocks in memory; dt walks the same structures.
 */
import { describe, expect, it } from 'vitest';
import { stoppedOn as stopped } from './host-helpers.ts';

/** reg query stopped in its second NtOpenKey: HKLM's handle open, the subkey's being opened. */
function secondOpen(key = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep') {
  const { s } = stopped('nt!NtOpenKey', `reg query ${key}`);
  s.submit('g');
  return s;
}

function keyLines(text: string): { object: string; lines: string[] }[] {
  const blocks = text.split('\n\n').filter((b) => /Type: \([0-9a-f`]+\) Key\n/.test(b));
  return blocks.map((b) => ({ object: /\nObject: ([0-9a-f]+)/.exec(b)?.[1] ?? '', lines: b.split('\n') }));
}

describe('Key objects carry their names in the key control blocks', () => {
  it('!handle prints a Key handle with its full name, as kdexts lays it out', () => {
    const s = secondOpen();
    const keys = keyLines(s.submit('!handle 0 3').output);
    expect(keys).toHaveLength(1);
    const [first] = keys;
    expect(first.lines.slice(1)).toEqual([
      `Object: ${first.object}  Type: (${/Type: \(([0-9a-f]+)\)/.exec(first.lines[1])?.[1]}) Key`,
      expect.stringMatching(/^ {4}ObjectHeader: [0-9a-f]{16} \(new version\)$/),
      '        HandleCount: 1  PointerCount: 1',
      '        Directory Object: 00000000  Name: \\REGISTRY\\MACHINE',
    ]);
    // Key objects, like their KCBs, live in paged pool.
    expect(first.object.startsWith('fffff8a0')).toBe(true);
    expect(s.submit(`!pool ${first.object}`).output).toMatch(/\*[0-9a-f]{16} size: +[0-9a-f]+ previous size: +[0-9a-f]+ +\(Allocated\) \*Key /);
    // !object on the same body prints the same name.
    expect(s.submit(`!object ${first.object}`).output).toContain('    Directory Object: 00000000  Name: \\REGISTRY\\MACHINE\n');
  });

  it('the subkey opened relative to HKLM is named in full, upper-cased as the KCB cache keeps it', () => {
    const s = secondOpen('HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep /v Start');
    s.submit('bc *');
    s.submit('bp nt!NtQueryValueKey');
    expect(s.submit('g').output).toContain('nt!NtQueryValueKey:');
    const keys = keyLines(s.submit('!handle 0 3').output);
    const names = keys.map((k) => k.lines.at(-1));
    // Opened through the CurrentControlSet link, the key is its target's (as a Windows 7 !handle shows it).
    expect(names).toContain('        Directory Object: 00000000  Name: \\REGISTRY\\MACHINE\\SYSTEM\\CONTROLSET001\\SERVICES\\BEEP');
  });

  it('dt follows the body to its KCB, the KCB to its parent and name block', () => {
    const s = secondOpen();
    const [key] = keyLines(s.submit('!handle 0 3').output);
    const body = s.submit(`dt nt!_CM_KEY_BODY ${key.object}`).output;
    expect(body).toMatch(/\+0x000 Type +: 0x6b793032\n/);
    expect(body).toMatch(/\+0x018 ProcessID +: 0x00000000`00000[0-9a-f]{3} Void\n/);
    const kcb = /\+0x008 KeyControlBlock +: (0x[0-9a-f`]+) _CM_KEY_CONTROL_BLOCK/.exec(body)?.[1];
    expect(kcb).toBeDefined();
    const kcbText = s.submit(`dt nt!_CM_KEY_CONTROL_BLOCK ${kcb}`).output;
    // \REGISTRY\MACHINE: two levels, one body, its parent \REGISTRY.
    expect(kcbText).toMatch(/\+0x004 TotalLevels +: 0y0000000010 \(0x2\)\n/);
    // One body open on it; no subkey cached yet (the subkey is being opened now).
    expect(kcbText).toMatch(/\+0x000 RefCount +: 1\n/);
    // The body is in the KCB's KeyBodyArray (the first four bodies go there).
    expect(s.submit(`dq ${kcb}+88 L4`).output).toContain(`${key.object.slice(0, 8)}\`${key.object.slice(8)} 00000000\`00000000`);
    const ncb = /\+0x050 NameBlock +: (0x[0-9a-f`]+)/.exec(kcbText)?.[1];
    const nameBlock = s.submit(`dt nt!_CM_NAME_CONTROL_BLOCK ${ncb}`).output;
    expect(nameBlock).toMatch(/\+0x000 Compressed +: (0x)?1 ''\n/);
    expect(nameBlock).toMatch(/\+0x018 NameLength +: 7\n/);
    expect(s.submit(`da ${ncb}+1a L7`).output).toContain('"MACHINE"');
    const parent = /\+0x048 ParentKcb +: (0x[0-9a-f`]+)/.exec(kcbText)?.[1];
    expect(s.submit(`dt nt!_CM_KEY_CONTROL_BLOCK ${parent} ParentKcb`).output).toMatch(/ParentKcb +: \(null\)/);
  });

  it('a name block changed in memory changes the name !handle prints (read, not kept aside)', () => {
    const s = secondOpen();
    const [key] = keyLines(s.submit('!handle 0 3').output);
    const body = s.submit(`dt nt!_CM_KEY_BODY ${key.object} KeyControlBlock`).output;
    const kcb = /KeyControlBlock +: (0x[0-9a-f`]+)/.exec(body)?.[1];
    const ncb = /NameBlock +: (0x[0-9a-f`]+)/.exec(s.submit(`dt nt!_CM_KEY_CONTROL_BLOCK ${kcb} NameBlock`).output)?.[1];
    s.submit(`eb ${ncb}+1a 4e`);
    const after = s.submit('!handle 0 3').output;
    expect(after).toContain('Name: \\REGISTRY\\NACHINE\n');
  });
});
