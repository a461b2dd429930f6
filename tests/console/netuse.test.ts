/** NET USE: listing, mapping and deleting drives on the lab's redirector, with net's messages and system errors. */
import { describe, expect, it } from 'vitest';
import isolation from '../../labs/isolation-filter/lab.ts';
import { session as make } from './helpers.ts';
import type { LabDefinition } from '../../src/lab/schema.ts';

/** A session whose `run` gives the output without the blank lines net and cmd end it with. */
function session(def?: LabDefinition) {
  const t = def ? make(def) : make();
  return {
    run(line: string) {
      const r = t.run(line);
      return { out: r.out.replace(/\n+$/, ''), status: r.status };
    },
  };
}

describe('net use', () => {
  it('lists the mapped share in net’s columns', () => {
    const { run } = session(isolation);
    expect(run('net use')).toEqual({
      out: [
        'New connections will be remembered.',
        '',
        '',
        'Status       Local     Remote                    Network',
        '',
        '-'.repeat(79),
        'OK           Z:        \\\\fileserver\\share        Microsoft Windows Network',
        'The command completed successfully.',
      ].join('\n'),
      status: 0,
    });
  });

  it('maps another drive to the share, which then opens the same files, and deletes it', () => {
    const { run } = session(isolation);
    expect(run('net use Y: \\\\fileserver\\share').out).toBe('The command completed successfully.');
    expect(run('filetest open Y:\\Vault\\report.txt').out).toMatch(/^NtCreateFile: STATUS_SUCCESS/);
    expect(run('net use').out).toContain('OK           Y:        \\\\fileserver\\share');
    run('filetest close all');
    expect(run('net use y: /delete').out).toBe('Y: was deleted successfully.');
    expect(run('filetest open Y:\\Vault\\report.txt').out).toMatch(/^NtCreateFile: STATUS_OBJECT_PATH_NOT_FOUND/);
  });

  it('refuses what net refuses', () => {
    const { run } = session(isolation);
    expect(run('net use Q: \\\\nowhere\\x')).toEqual({ out: 'System error 53 has occurred.\n\nThe network path was not found.', status: 2 });
    expect(run('net use Z: \\\\fileserver\\share')).toEqual({ out: 'System error 85 has occurred.\n\nThe local device name is already in use.', status: 2 });
    expect(run('net use Q: /delete')).toEqual({
      out: 'The network connection could not be found.\n\nMore help is available by typing NET HELPMSG 2250.',
      status: 2,
    });
    expect(run('net use constructor').out).toMatch(/^The syntax of this command is:/);
    expect(run('net use Q:').out).toBe('System error 67 has occurred.\n\nThe network name cannot be found.');
  });

  it('on a machine without a redirector, lists nothing and maps nothing', () => {
    const { run } = session();
    expect(run('net use').out).toBe('New connections will be remembered.\n\nThere are no entries in the list.');
    expect(run('net use Z: \\\\fileserver\\share').out).toContain('System error 53 has occurred.');
  });

  it('remembers connections and the server’s files across a restart of the client', () => {
    const { run } = session(isolation);
    run('net use Y: \\\\fileserver\\share');
    run('filetest open Z:\\Vault\\report.txt /access:rw');
    run('filetest write 0x4 end written before the restart');
    run('filetest close 0x4');
    run('shutdown /r /t 0');
    expect(run('net use').out).toContain('OK           Y:        \\\\fileserver\\share');
    run('filetest open Y:\\Vault\\report.txt');
    expect(run('filetest read 0x4').out).toContain('written before the restart');
  });
});

describe('cmd on the mapped share', () => {
  it('dir and type reach Z: through the redirector, with cmd’s errors for what is not there', () => {
    const { run } = make(isolation);
    const listing = run('dir Z:\\Vault').out;
    expect(listing).toContain(' Directory of Z:\\Vault');
    // The server's volume, not C:'s: its own serial number.
    const serial = (text: string) => /Volume Serial Number is (\S+)/.exec(text)?.[1];
    expect(serial(listing)).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(serial(listing)).not.toBe(serial(run('dir C:\\').out));
    expect(serial(listing)).not.toBe('0000-0000');
    expect(listing).toMatch(/\s66 report\.txt/);
    expect(run('type Z:\\Vault\\report.txt').out).toContain('ISOFULL1');
    expect(run('type Z:\\Vault\\nope.txt').out.trimEnd()).toBe('The system cannot find the file specified.');
    expect(run('type Z:\\nodir\\x.txt').out.trimEnd()).toBe('The system cannot find the path specified.');
    expect(run('type Z:\\Vault').out.trimEnd()).toBe('Access is denied.');
    expect(run('dir Y:\\').out.trimEnd()).toBe('The system cannot find the path specified.');
  });

  it('ren on Z: renames the file on the server; a rename onto another drive is not the same device', () => {
    const { run } = make(isolation);
    expect(run('ren Z:\\Vault\\report.txt renamed.txt')).toEqual({ out: '\n', status: 0 });
    expect(run('dir /b Z:\\Vault').out).toBe('renamed.txt\n\n');
    expect(run('type Z:\\Vault\\renamed.txt').out).toContain('ISOFULL1');
    run('filetest open Z:\\Vault\\renamed.txt /access:d');
    expect(run('filetest rename 0x4 C:\\renamed.txt').out).toContain('STATUS_NOT_SAME_DEVICE');
    expect(run('filetest rename 0x4 Q:\\renamed.txt').out).toContain('STATUS_OBJECT_PATH_NOT_FOUND');
    expect(run('filetest rename 0x4 Z:\\Vault\\again.txt').out).toContain('STATUS_SUCCESS');
    run('filetest close 0x4');
    expect(run('dir /b Z:\\Vault').out).toBe('again.txt\n\n');
  });
});
