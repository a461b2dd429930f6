/**
 * `!handle` over the handle tables in memory: the handles a process opened (through the Nt
 * services) are entries in the pages its HANDLE_TABLE's TableCode points at, and kdexts'
 * layout shows each with its object; flags, a single handle, a type filter and a process by id.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows, type Kernel } from '../../src/kernel/nt.ts';
import { LiveTarget } from '../../src/debugger/live/target.ts';
import { Kernel32, OPEN_EXISTING } from '../../src/kernel/user/kernel32.ts';
import { Kd } from '../debugger/harness.ts';

const GENERIC_READ = 0x80000000;

/** cmd.exe (the console's own process) opens a file and a directory object. */
function withHandles(): { k: Kernel; kd: Kd; cmd: string; file: number; dir: number } {
  const k = bootWindows(new Machine({ seed: 5 }));
  const api = new Kernel32(k);
  const file = api.CreateFileW('C:\\Windows\\System32\\svchost.exe', GENERIC_READ, 1, OPEN_EXISTING, 0);
  const dirObject = Object.values(k.ob.state.objects).find((o) => o.Type === 'Directory' && o.Name === 'Driver');
  if (!dirObject) throw new Error('no \\Driver');
  const cmdPid = k.ps.state.consolePid;
  const dir = k.handles.create(cmdPid, dirObject.id, 0x3);
  const cmd = k.ps.process(cmdPid)?.eprocess ?? '';
  return { k, kd: new Kd(new LiveTarget(k, 'local')), cmd, file, dir };
}

const h4 = (n: number) => n.toString(16).padStart(4, '0');

describe('!handle', () => {
  it("lists a process's handles from its table in memory, with each object", () => {
    const { k, kd, cmd, file, dir } = withHandles();
    const out = kd.run(`!handle 0 3 ${cmd}`);
    const p = k.ps.process(k.ps.state.consolePid);
    expect(out[0]).toBe(`PROCESS ${cmd}`);
    expect(out[3]).toBe('    Image: cmd.exe');
    expect(out[5]).toMatch(new RegExp(`^Handle table at [0-9a-f]{16} with ${p?.handleCount} entries in use$`));
    const fileLine = out.findIndex((l) => l.startsWith(`${h4(file)}: Object: `));
    expect(out[fileLine]).toMatch(/^[0-9a-f]{4}: Object: [0-9a-f]{16} {2}GrantedAccess: [0-9a-f]{8} Entry: [0-9a-f]{16}$/);
    expect(out[fileLine + 1]).toMatch(/^Object: [0-9a-f]{16} {2}Type: \([0-9a-f]{16}\) File$/);
    expect(out[fileLine + 2]).toMatch(/^ {4}ObjectHeader: [0-9a-f]{16} \(new version\)$/);
    expect(out[fileLine + 3]).toMatch(/^ {8}HandleCount: \d+ {2}PointerCount: \d+$/);
    expect(out[fileLine + 4]).toMatch(/^ {8}Directory Object: 00000000 {2}Name: \\Windows\\System32\\svchost\.exe/);
    const dirLine = out.findIndex((l) => l.startsWith(`${h4(dir)}: Object: `));
    expect(out[dirLine]).toContain('GrantedAccess: 00000003 Entry: ');
    expect(out[dirLine + 1]).toMatch(/\) Directory$/);
    expect(out[dirLine + 4]).toMatch(/^ {8}Directory Object: [0-9a-f]{16} {2}Name: Driver$/);
  });

  it("the entry address is where the handle's HANDLE_TABLE_ENTRY is: its Object is the header with the unlocked bit", () => {
    const { kd, cmd, dir } = withHandles();
    const line = kd.run(`!handle ${h4(dir)} 1 ${cmd}`).find((l) => l.startsWith(`${h4(dir)}: `)) ?? '';
    const [, object, entry] = /Object: ([0-9a-f]{16}) .* Entry: ([0-9a-f]{16})/.exec(line) ?? [];
    const header = BigInt('0x' + object) - 0x30n;
    expect(kd.run(`dq ${entry} l1`)[0]).toBe(`${entry.slice(0, 8)}\`${entry.slice(8)}  ${(header | 1n).toString(16).replace(/^(.{8})/, '$1`')}`);
  });

  it('flag 1 gives the handle lines only; a type filter and a single handle narrow the list', () => {
    const { kd, cmd, file, dir } = withHandles();
    const basic = kd.run(`!handle 0 1 ${cmd}`);
    expect(basic.some((l) => l.startsWith('Object: '))).toBe(false);
    expect(basic.filter((l) => / Entry: /.test(l))).toHaveLength(2);
    const files = kd.run(`!handle 0 3 ${cmd} File`);
    expect(files.some((l) => l.startsWith(`${h4(file)}: `))).toBe(true);
    expect(files.some((l) => l.startsWith(`${h4(dir)}: `))).toBe(false);
    const single = kd.run(`!handle ${h4(dir)} 3 ${cmd}`);
    expect(single.filter((l) => / Entry: /.test(l))).toHaveLength(1);
  });

  it('takes a process id as well as an EPROCESS; without one it names the current processor and process', () => {
    const { k, kd, cmd } = withHandles();
    expect(kd.run(`!handle 0 1 ${k.ps.state.consolePid.toString(16)}`)[0]).toBe(`PROCESS ${cmd}`);
    expect(kd.run('!handle')[0]).toMatch(/^processor number 0, process [0-9a-f]{16}$/);
    expect(kd.run('!handle 0 3 fffffa80deadbeef')).toEqual(['Unable to read process fffffa80deadbeef']);
  });

  it('a process that opened nothing since it started has no entries to list', () => {
    const { k, kd } = withHandles();
    const lsass = k.ps.list().find((p) => p.name === 'lsass.exe');
    const out = kd.run(`!handle 0 3 ${lsass?.eprocess}`);
    expect(out[5]).toBe(`Handle table at 0000000000000000 with ${lsass?.handleCount} entries in use`);
    expect(out.some((l) => / Entry: /.test(l))).toBe(false);
  });
});

describe('handle tables in memory agree with Ob', () => {
  it('one level while the handles fit a page, two levels beyond: every entry names its object', async () => {
    const { psDisagreements } = await import('./ps-agreement.ts');
    const { k } = withHandles();
    const dirObject = Object.values(k.ob.state.objects).find((o) => o.Type === 'Directory');
    const svchost = k.ps.list().find((p) => p.name === 'svchost.exe' && p.handleCount > 300);
    if (!dirObject || !svchost) throw new Error('setup');
    // svchost started with hundreds of handles: its next ones are past the first page.
    const h = k.handles.create(svchost.pid, dirObject.id, 0x1);
    expect(h).toBeGreaterThan(0x3fc);
    const bad: string[] = [];
    psDisagreements(k, (what, got, want) => {
      if (got !== want) bad.push(`${what}: ${String(got)} != ${String(want)}`);
    });
    expect(bad).toEqual([]);
    const kd = new Kd(new LiveTarget(k, 'local'));
    const out = kd.run(`!handle ${h.toString(16)} 3 ${svchost.eprocess}`);
    expect(out[5]).toMatch(/^Handle table at [0-9a-f]{15}1 with \d+ entries in use$/);
    expect(out.some((l) => l.startsWith(`${h.toString(16).padStart(4, '0')}: Object: `))).toBe(true);
  });
});
