import { describe, expect, it } from 'vitest';
import { session } from '../console/helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { parseInf } from '../../src/kernel/pnp/inf.ts';

/** Names that are also properties of every JavaScript object. */
const NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

describe('names that are JavaScript object keys are ordinary names', () => {
  for (const name of NAMES) {
    it(`a driver service called ${name}: create, start, query, stop, delete, object directory, registry`, () => {
      const { s, run } = session();
      expect(run(`sc query ${name}`).status).toBe(1060);
      expect(run(`sc qc ${name}`).status).toBe(1060);
      expect(run(`objdir \\${name}`).out).toContain('STATUS_OBJECT_NAME_NOT_FOUND');
      expect(run(`objdir \\Driver\\${name}`).out).toContain('STATUS_OBJECT_NAME_NOT_FOUND');
      expect(run(`reg query HKLM\\${name}`).status).toBe(1);
      expect(run(`sc create ${name} type= kernel binPath= C:\\Drivers\\swlegacy.sys`).out).toBe('[SC] CreateService SUCCESS\n\n');
      const start = run(`sc start ${name}`);
      expect(start.status).toBe(0);
      expect(start.out).toContain('STATE              : 4  RUNNING');
      expect(s.machine.events.of('kernel.bugCheck')).toEqual([]);
      expect(run('objdir \\Driver').out).toMatch(new RegExp(`\\n  ${name.replace(/[$]/g, '\\$&')} +Driver\\n`));
      expect(run(`sc qc ${name}`).out).toContain(`SERVICE_NAME: ${name}`);
      expect(run(`reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name} /v ImagePath`).out).toContain('\\??\\C:\\Drivers\\swlegacy.sys');
      expect(run(`sc stop ${name}`).out).toContain('STATE              : 1  STOPPED');
      expect(run(`sc delete ${name}`).out).toBe('[SC] DeleteService SUCCESS\n\n');
      expect(run(`sc query ${name}`).status).toBe(1060);
    });
  }

  it('survive a machine snapshot and restore (structuredClone gives ordinary objects back)', () => {
    const { s, run } = session();
    for (const name of NAMES) run(`sc create ${name} type= kernel binPath= C:\\Drivers\\swlegacy.sys`);
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    for (const name of NAMES) k.cm.setValue('\\REGISTRY\\MACHINE\\SOFTWARE\\x', name, 'REG_SZ', `v-${name}`);
    s.machine.restore(s.machine.snapshot());
    for (const name of NAMES) {
      expect(k.scm.open(name)).toBe(name);
      expect(k.cm.string('\\REGISTRY\\MACHINE\\SOFTWARE\\x', name)).toBe(`v-${name}`);
      expect(k.cm.string('\\REGISTRY\\MACHINE\\SOFTWARE\\x', name.toUpperCase())).toBe(`v-${name}`);
      expect(k.io.image(name)).toBeUndefined();
      expect(k.fs.file(`C:\\${name}`)).toBeUndefined();
    }
    // A name that exists only on Object.prototype is still absent after the restore.
    expect(k.scm.open('propertyIsEnumerable')).toBeNull();
    expect(k.cm.value('\\REGISTRY\\MACHINE\\SOFTWARE\\x', 'propertyIsEnumerable')).toBeUndefined();
    expect(run('sc start __proto__').status).toBe(0);
    expect(s.machine.events.of('kernel.bugCheck')).toEqual([]);
  });

  it('tool verbs and option values that are object keys are unknown, not internal errors', () => {
    const { run } = session();
    expect(run('sc constructor').status).toBe(1639);
    expect(run('sc create x type= constructor binPath= y').out).toContain('sc <server> create [service name]');
    expect(run('sc create x type= __proto__ binPath= y').out).toContain('sc <server> create [service name]');
    expect(run('devcon help constructor').out).toContain('Unknown command.');
  });

  it('INF section and string names that are object keys', () => {
    const inf = parseInf('[Version]\nSignature="$WINDOWS NT$"\nClass=%constructor%\n[constructor]\na=b\n[__proto__]\nc=d\n[Strings]\nconstructor="Sample"\n');
    expect(inf?.className).toBe('Sample');
    expect(inf?.sections.get('constructor')).toEqual(['a=b']);
    expect(inf?.sections.get('__proto__')).toEqual(['c=d']);
    expect(inf?.sections.get('tostring')).toBeUndefined();
  });
});
