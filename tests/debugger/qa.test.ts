/** Defects found in review against real WinDbg behaviour, one test each (they failed before the fix). */
import { describe, expect, it } from 'vitest';
import { Kd } from './harness.ts';

const CXR = '.cxr 0xfffff88005f45960';

function withCxr(): Kd {
  const kd = new Kd();
  kd.run(CXR);
  return kd;
}

describe('evaluator error text', () => {
  it("names the end of the line '<EOL>' when nothing is left to quote", () => {
    const kd = new Kd();
    expect(kd.run('? 1 +')).toEqual(["Numeric expression missing from '<EOL>'"]);
    expect(kd.run('? 2*')).toEqual(["Numeric expression missing from '<EOL>'"]);
    expect(kd.run('r $t0 = 1 -')).toEqual(["Numeric expression missing from '<EOL>'"]);
  });
  it('reports a failed dereference at the last token of its operand', () => {
    const kd = new Kd();
    expect(kd.run('? poi 1')).toEqual(["Memory access error at '1'"]);
    expect(kd.run('? poi(0)+1')).toEqual(["Memory access error at ')+1'"]);
    expect(kd.run('? by 0 + 4')).toEqual(["Memory access error at '0 + 4'"]);
  });
});

describe('r with an unknown register', () => {
  it('is a caret error of r itself, not the evaluator form', () => {
    const kd = new Kd();
    expect(kd.run('r rcs')).toEqual(["           ^ Bad register error in 'r rcs'"]);
    expect(kd.run('r rax, foo')).toEqual(["                ^ Bad register error in 'r rax, foo'"]);
  });
});

describe('kc', () => {
  it('prints module!function without offsets; unsymbolised frames stay addresses', () => {
    const out = withCxr().run('kc');
    expect(out.slice(1, 4)).toEqual(['Call Site', 'fltmgr!TreeUnlinkMulti', 'fltmgr!FltpPerformPreCallbacks']);
    expect(out.at(-1)).toBe('0x77320eba');
    expect(withCxr().run('knc 2').slice(1)).toEqual([' # Call Site', '00 fltmgr!TreeUnlinkMulti', '01 fltmgr!FltpPerformPreCallbacks']);
  });
});

describe('!process and !thread', () => {
  it('answer as kdexts does without the nt process types, consistently with dt', () => {
    const kd = new Kd();
    expect(kd.run('dt nt!_EPROCESS')).toEqual(['Symbol nt!_EPROCESS not found.']);
    const box = kd.run('!process 0 0');
    expect(box[0]).toBe('*'.repeat(73));
    expect(box).toContain('***    Your debugger is not using the correct symbols                 ***');
    expect(box).toContain('***    Type referenced: nt!_EPROCESS                                  ***');
    expect(box.every((l) => l.length === 73)).toBe(true);
    expect(kd.run('!thread')).toContain('***    Type referenced: nt!_ETHREAD                                   ***');
    expect(kd.run('!process @$proc 7')).toContain('***    Type referenced: nt!_EPROCESS                                  ***');
    expect(kd.run('!process 0 0 CarboniteService.exe').length).toBe(16);
    expect(kd.run('!thread nosuch')).toEqual(["Couldn't resolve error at 'nosuch'"]);
    expect(kd.last()).toMatchObject({ command: '!thread', ok: false });
  });
});
