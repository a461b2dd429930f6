/**
 * `!fltkd.filters`, `!fltkd.volumes` and `!fltkd.instance` on the live machine
 * (lab isolation-filter, `kd -kl`): read from fltmgr's objects in memory, they
 * follow what fltmc changes, agree with `dt fltmgr!...` and `!pool`, and fail
 * as fltkd does on bad input.
 */
import { describe, expect, it } from 'vitest';
import isolation from '../../labs/isolation-filter/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

function lkd(...console: string[]): LabSession {
  const s = new LabSession(isolation);
  for (const l of console) s.submit(l);
  s.submit('kd -kl');
  return s;
}

const lines = (s: LabSession, cmd: string) =>
  s
    .submit(cmd)
    .output.split('\n')
    .filter((l) => l !== '');

describe('!fltkd.filters', () => {
  it("lists the frame's filters by altitude, each with its instances, as fltkd prints them", () => {
    const s = lkd();
    const out = lines(s, '!fltkd.filters');
    expect(out[0]).toMatch(/^Filter List: [0-9a-f]{16} "Frame 0" $/);
    // One instance on C: and one on the redirector (\Device\Mup) each.
    expect(out.slice(1).map((l) => l.replace(/[0-9a-f]{16}/, 'ADDR'))).toEqual([
      '   FLT_FILTER: ADDR "luafv" "135000"',
      '      FLT_INSTANCE: ADDR "luafv" "135000"',
      '      FLT_INSTANCE: ADDR "luafv" "135000"',
      '   FLT_FILTER: ADDR "FileInfo" "45000"',
      '      FLT_INSTANCE: ADDR "FileInfo" "45000"',
      '      FLT_INSTANCE: ADDR "FileInfo" "45000"',
    ]);
  });

  it('shows a filter fltmc loads, a second instance fltmc attaches, and forgets a detached one', () => {
    const s = lkd('sc start IsoFull', 'fltmc load IsoFilter', 'fltmc attach IsoFilter C: -i Second -a 145100');
    const out = lines(s, '!fltkd.filters').map((l) => l.replace(/[0-9a-f]{16}/, 'ADDR'));
    // In the order they were made: C:, \Device\Mup, then the attached one.
    expect(out.slice(1, 5)).toEqual([
      '   FLT_FILTER: ADDR "IsoFilter" "145210"',
      '      FLT_INSTANCE: ADDR "IsoFilter Instance" "145210"',
      '      FLT_INSTANCE: ADDR "IsoFilter Instance" "145210"',
      '      FLT_INSTANCE: ADDR "Second" "145100"',
    ]);
    s.submit('q');
    s.submit('fltmc detach IsoFilter C: Second');
    s.submit('kd -kl');
    expect(lines(s, '!fltkd.filters').filter((l) => l.includes('"Second"'))).toEqual([]);
  });

  it('takes no arguments', () => {
    const s = lkd();
    expect(lines(s, '!fltkd.filters 1')).toEqual(['Usage: !fltkd.filters']);
  });
});

describe('!fltkd.volumes', () => {
  it('lists the volumes FltMgr is attached to, each with its instances from the highest altitude down', () => {
    const s = lkd('sc start IsoFull', 'fltmc load IsoFilter');
    const out = lines(s, '!fltkd.volumes').map((l) => l.replace(/[0-9a-f]{16}/, 'ADDR'));
    expect(out).toEqual([
      'Volume List: ADDR "Frame 0" ',
      '   FLT_VOLUME: ADDR "\\Device\\HarddiskVolume2"',
      '      FLT_INSTANCE: ADDR "IsoFilter Instance" "145210"',
      '      FLT_INSTANCE: ADDR "luafv" "135000"',
      '      FLT_INSTANCE: ADDR "FileInfo" "45000"',
      '   FLT_VOLUME: ADDR "\\Device\\Mup"',
      '      FLT_INSTANCE: ADDR "IsoFilter Instance" "145210"',
      '      FLT_INSTANCE: ADDR "luafv" "135000"',
      '      FLT_INSTANCE: ADDR "FileInfo" "45000"',
    ]);
  });
});

describe('!fltkd.instance', () => {
  it('shows one instance read from memory: its volume, filter and both links, agreeing with dt and !pool', () => {
    const s = lkd('sc start IsoFull', 'fltmc load IsoFilter');
    const list = lines(s, '!fltkd.filters');
    const instance = /FLT_INSTANCE: ([0-9a-f]{16}) "IsoFilter Instance"/.exec(list.join('\n'))?.[1] as string;
    const filter = /FLT_FILTER: ([0-9a-f]{16}) "IsoFilter"/.exec(list.join('\n'))?.[1] as string;
    const volume = /FLT_VOLUME: ([0-9a-f]{16})/.exec(lines(s, '!fltkd.volumes').join('\n'))?.[1] as string;
    const out = lines(s, `!fltkd.instance ${instance}`);
    expect(out[0]).toBe(`FLT_INSTANCE: ${instance} "IsoFilter Instance" "145210"`);
    expect(out[1]).toBe(`   FLT_OBJECT: ${instance}  [01000000] Instance`);
    expect(out[2]).toBe('      RundownRef               : 0x0000000000000000 (0)');
    expect(out).toContain(`   Volume                   : ${volume} "\\Device\\HarddiskVolume2"`);
    expect(out).toContain(`   Filter                   : ${filter} "IsoFilter"`);
    // The filter's first instance: its FilterLink's Blink is the filter's list head, its Flink the instance on \Device\Mup.
    const head = (BigInt('0x' + filter) + 0x58n + 0x68n).toString(16).padStart(16, '0');
    const onMup = /FLT_INSTANCE: ([0-9a-f]{16}) "IsoFilter Instance"/.exec(lines(s, '!fltkd.volumes').slice(5).join('\n'))?.[1] as string;
    const next = (BigInt('0x' + onMup) + 0x60n).toString(16).padStart(16, '0');
    expect(out.at(-1)).toBe(`   FilterLink               : [${next}-${head}] `);
    const dt = s.submit(`dt fltmgr!_FLT_INSTANCE ${instance} Altitude`).output;
    expect(dt).toContain('"145210"');
    expect(s.submit(`!pool ${instance}`).output).toMatch(/\*[0-9a-f]{16} size: +[0-9a-f]+ previous size: +[0-9a-f]+ +\(Allocated\) \*FMis/);
  });

  it('refuses what is not an instance, unreadable memory, and a missing address', () => {
    const s = lkd('sc start IsoFull', 'fltmc load IsoFilter');
    const filter = /FLT_FILTER: ([0-9a-f]{16}) "IsoFilter"/.exec(lines(s, '!fltkd.filters').join('\n'))?.[1] as string;
    expect(lines(s, `!fltkd.instance ${filter}`)).toEqual([`${filter} is not a FLT_INSTANCE (FLT_OBJECT.Flags 02000000)`]);
    expect(lines(s, '!fltkd.instance 0')).toEqual(['Could not read field "Flags" of fltmgr!_FLT_OBJECT from address: 0000000000000000']);
    expect(lines(s, '!fltkd.instance')).toEqual(['Usage: !fltkd.instance <FLT_INSTANCE address>']);
    expect(lines(s, '!fltkd.instance nosuchsymbol')).toEqual(["Couldn't resolve error at 'nosuchsymbol'"]);
    expect(lines(s, '!fltkd.nosuch')).toEqual(['No export nosuch found']);
  });
});
