/** cmd's drives on the isolation-filter lab's machine (C: and the share mapped as Z:): the current drive, a directory per drive, drive-relative paths. */
import { describe, expect, it } from 'vitest';
import isolation from '../../labs/isolation-filter/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

/** A session of the lab; `run` gives a line's output without the blank line cmd ends it with, and its status. */
function session(s = new LabSession(isolation)) {
  return {
    s,
    run(line: string) {
      const out = s.submit(line).output.replace(/\n$/, '');
      return { out, status: s.machine.events.of('console.command').at(-1)?.status ?? -1 };
    },
  };
}

const NO_DRIVE = 'The system cannot find the drive specified.\n';

describe('changing the current drive', () => {
  it('Z: makes the share current, in its root the first time; any case, trailing blanks', () => {
    const { s, run } = session();
    const start = s.prompt();
    expect(start).toBe('C:\\Vault>');
    expect(run('Z:')).toEqual({ out: '', status: 0 });
    expect(s.prompt()).toBe('Z:\\>');
    expect(run('cd').out).toBe('Z:\\\n');
    expect(run('c:   ').out).toBe('');
    expect(s.prompt()).toBe(start);
    run('z:');
    expect(s.prompt()).toBe('Z:\\>');
  });

  it('a drive that does not exist is an error and the drive stays', () => {
    const { s, run } = session();
    expect(run('Q:')).toEqual({ out: NO_DRIVE, status: 1 });
    expect(run('cd Q:')).toEqual({ out: NO_DRIVE, status: 1 });
    expect(run('cd /d Q:\\')).toEqual({ out: NO_DRIVE, status: 1 });
    expect(s.prompt()).toBe('C:\\Vault>');
    // A drive unmapped since cmd was on it is gone too.
    run('Z:');
    run('C:');
    run('net use Z: /delete');
    expect(run('Z:')).toEqual({ out: NO_DRIVE, status: 1 });
  });

  it('each drive keeps its own current directory', () => {
    const { s, run } = session();
    run('Z:');
    run('cd Vault');
    expect(s.prompt()).toBe('Z:\\Vault>');
    run('C:');
    expect(s.prompt()).toBe('C:\\Vault>');
    run('cd \\Windows');
    run('Z:');
    expect(s.prompt()).toBe('Z:\\Vault>');
    run('C:');
    expect(s.prompt()).toBe('C:\\Windows>');
  });

  it('the remembered directories are the hidden =X: variables: %=Z:% expands, SET does not list them', () => {
    const { run } = session();
    run('cd Z:\\Vault');
    expect(run('echo %=Z:% %=C:%').out).toBe('Z:\\Vault C:\\Vault\n');
    expect(run('set').out).not.toMatch(/^=/m);
    expect(run('set =').out).toBe('The syntax of the command is incorrect.\n');
  });
});

describe('CD across drives', () => {
  it('cd Z:\\Vault from C: changes Z:’s directory only; cd Z: shows it; cd with nothing shows the current one', () => {
    const { s, run } = session();
    expect(run('cd Z:\\Vault')).toEqual({ out: '', status: 0 });
    expect(s.prompt()).toBe('C:\\Vault>');
    expect(run('cd')).toEqual({ out: 'C:\\Vault\n', status: 0 });
    expect(run('cd Z:')).toEqual({ out: 'Z:\\Vault\n', status: 0 });
    run('Z:');
    expect(s.prompt()).toBe('Z:\\Vault>');
    expect(run('cd C:').out).toBe('C:\\Vault\n');
    expect(run('cd C:\\Windows').out).toBe('');
    expect(s.prompt()).toBe('Z:\\Vault>');
    expect(run('cd C:').out).toBe('C:\\Windows\n');
  });

  it('cd /d switches drive and directory; cd /d Z: goes to Z:’s current directory', () => {
    const { s, run } = session();
    expect(run('cd /d Z:\\Vault')).toEqual({ out: '', status: 0 });
    expect(s.prompt()).toBe('Z:\\Vault>');
    run('cd /d C:\\Windows');
    expect(s.prompt()).toBe('C:\\Windows>');
    run('cd /d Z:');
    expect(s.prompt()).toBe('Z:\\Vault>');
  });

  it('cd Z:sub is relative to Z:’s directory; a missing directory is cmd’s path error', () => {
    const { run } = session();
    run('md Z:\\Vault\\sub');
    run('cd Z:\\Vault');
    expect(run('cd Z:sub').out).toBe('');
    expect(run('cd Z:').out).toBe('Z:\\Vault\\sub\n');
    expect(run('cd Z:\\nowhere')).toEqual({ out: 'The system cannot find the path specified.\n', status: 1 });
    expect(run('cd Z:').out).toBe('Z:\\Vault\\sub\n');
  });

  it('pushd onto the share changes the drive; popd comes back', () => {
    const { s, run } = session();
    run('pushd Z:\\');
    expect(s.prompt()).toBe('Z:\\>');
    run('popd');
    expect(s.prompt()).toBe('C:\\Vault>');
  });
});

describe('paths against the current drive', () => {
  it('dir, type, copy, del, md and rd on Z: resolve relative names against Z:’s directory', () => {
    const { run } = session();
    run('Z:');
    run('cd Vault');
    expect(run('type report.txt').out).toContain('ISOFULL1');
    expect(run('echo hello> a.txt').status).toBe(0);
    expect(run('copy a.txt b.txt').out).toBe('        1 file(s) copied.\n');
    expect(run('md sub').status).toBe(0);
    expect(run('dir /b').out).toBe('a.txt\nb.txt\nreport.txt\nsub\n');
    expect(run('dir /b \\').out).toBe('Vault\n');
    run('echo x> sub\\f.txt');
    expect(run('rd sub').out).toBe('The directory is not empty.\n');
    expect(run('del sub\\f.txt a.txt').out).toBe('');
    expect(run('rd sub').out).toBe('');
    expect(run('del nope.txt').out).toBe('Could Not Find Z:\\Vault\\nope.txt\n');
    expect(run('dir /b').out).toBe('b.txt\nreport.txt\n');
    expect(run('dir').out).toContain(' Directory of Z:\\Vault\n');
  });

  it('Z:name is relative to Z:’s current directory, from C:', () => {
    const { run } = session();
    run('cd Z:\\Vault');
    expect(run('type Z:report.txt').out).toContain('ISOFULL1');
    expect(run('dir /b Z:').out).toBe('report.txt\n');
    expect(run('copy Z:report.txt Z:copy.txt').out).toBe('        1 file(s) copied.\n');
    expect(run('if exist Z:copy.txt echo there').out).toBe('there\n');
    run('echo redirected> Z:out.txt');
    expect(run('type Z:\\Vault\\out.txt').out).toBe('redirected\n');
    // C:'s own relative names stay on C:.
    expect(run('dir /b report.txt').out).toBe('File Not Found\n');
  });
});

describe('renames and moves that name the share', () => {
  it('ren on Z: renames on the server; a new name with a drive or path is cmd’s syntax error', () => {
    const { run } = session();
    run('Z:');
    run('cd Vault');
    expect(run('ren report.txt renamed.txt')).toEqual({ out: '', status: 0 });
    expect(run('dir /b').out).toBe('renamed.txt\n');
    expect(run('ren renamed.txt Z:\\Vault\\x.txt')).toEqual({ out: 'The syntax of the command is incorrect.\n', status: 1 });
    expect(run('ren renamed.txt Z:x.txt').out).toBe('The syntax of the command is incorrect.\n');
    expect(run('ren Z:renamed.txt back.txt').status).toBe(0);
    expect(run('dir /b').out).toBe('back.txt\n');
  });

  it('move within Z: renames; onto C: a file is copied and deleted, a directory cannot go', () => {
    const { run } = session();
    run('cd /d Z:\\Vault');
    expect(run('move report.txt Z:\\moved.txt').out).toBe('        1 file(s) moved.\n');
    expect(run('dir /b Z:\\').out).toBe('moved.txt\nVault\n');
    expect(run('move Z:\\moved.txt C:\\moved.txt').out).toBe('        1 file(s) moved.\n');
    expect(run('dir /b Z:\\').out).toBe('Vault\n');
    expect(run('type C:\\moved.txt').out).toContain('ISOFULL1');
    expect(run('move C:\\moved.txt Z:').out).toBe('        1 file(s) moved.\n');
    expect(run('dir /b').out).toBe('moved.txt\n');
    expect(run('dir /b C:\\moved.txt').out).toBe('File Not Found\n');
    run('md Z:\\sub');
    expect(run('move Z:\\sub C:\\sub')).toEqual({ out: 'Access is denied.\n', status: 1 });
    expect(run('dir /b Z:\\').out).toBe('sub\nVault\n');
  });
});

describe('the drives outlive a reload', () => {
  function travelled() {
    const t = session();
    t.run('cd Z:\\Vault');
    t.run('cd \\Windows');
    t.run('Z:');
    return t;
  }

  it('a checkpoint keeps the current drive and each drive’s directory', () => {
    const { s } = travelled();
    const cp = s.checkpoint();
    if (!cp) throw new Error('no checkpoint');
    const { s: back, run } = session(LabSession.resume(isolation, JSON.parse(JSON.stringify(cp)), s.log));
    expect(back.prompt()).toBe('Z:\\Vault>');
    expect(run('cd C:').out).toBe('C:\\Windows\n');
    run('C:');
    expect(back.prompt()).toBe('C:\\Windows>');
  });

  it('the console’s own save and load carry them', () => {
    const { s } = travelled();
    const saved = JSON.parse(JSON.stringify(s.consoleProgram.save?.()));
    const { s: other, run } = session();
    other.consoleProgram.load?.(saved);
    expect(other.prompt()).toBe('Z:\\Vault>');
    expect(run('cd C:').out).toBe('C:\\Windows\n');
  });

  it('replaying the input log on a fresh machine comes back to the same place', () => {
    const { s } = travelled();
    const again = LabSession.replay(isolation, s.log);
    expect(again.prompt()).toBe('Z:\\Vault>');
    expect(session(again).run('cd C:').out).toBe('C:\\Windows\n');
  });

  it('a new logon starts on C: with no other drive remembered', () => {
    const { s, run } = travelled();
    run('shutdown /l');
    expect(s.prompt()).toBe('C:\\Windows\\system32>');
    expect(run('cd Z:').out).toBe('Z:\\\n');
  });
});
