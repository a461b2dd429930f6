/** Session checkpoints: restoring one and replaying the rest gives the state a full replay gives. */
import { describe, expect, it } from 'vitest';
import { CheckpointWriter, decodeCheckpoint, decodeData, encodeCheckpoint, encodeData } from '../../src/lab/codec.ts';
import { labIds, loadLab } from '../../labs/registry.ts';
import type { LabDefinition } from '../../src/lab/schema.ts';
import { type InputEntry, LabSession, type SessionCheckpoint } from '../../src/lab/session.ts';
import { runHeadless } from '../../src/terminal/headless.ts';

const labs: LabDefinition[] = [];
for (const id of labIds()) {
  const lab = await loadLab(id);
  if (lab) labs.push(lab);
}

/** Everything a student could see or the grader could judge. */
function observable(s: LabSession) {
  return {
    prompt: s.prompt(),
    screen: s.screen,
    events: [...s.events],
    machine: s.machine.snapshot(),
    objectives: s.objectives(),
    history: s.history(),
    log: [...s.log],
  };
}

describe.each(labs.map((lab) => [lab.id, lab] as const))('lab %s', (_id, lab) => {
  const log: readonly InputEntry[] = runHeadless(lab, lab.solution.join('\n') + '\n').session.log;
  const half = Math.floor(log.length / 2);

  it('resumes from a checkpoint taken half-way (through text) as a full replay would', () => {
    const first = LabSession.replay(lab, log.slice(0, half));
    const cp = first.checkpoint();
    expect(cp).not.toBeNull();
    const stored = decodeData(encodeData(cp)) as SessionCheckpoint;
    const resumed = LabSession.resume(lab, stored, log);
    expect(observable(resumed)).toEqual(observable(LabSession.replay(lab, log)));
  });

  it('goes back to a checkpoint in the same session, and runs on from it identically', () => {
    const s = LabSession.replay(lab, log.slice(0, half));
    const cp = s.checkpoint() as SessionCheckpoint;
    const atHalf = observable(s);
    for (const entry of log.slice(half)) s.apply(entry);
    s.restoreCheckpoint(cp);
    expect(observable(s)).toEqual(atHalf);
    for (const entry of log.slice(half)) s.apply(entry);
    expect(observable(s)).toEqual(observable(LabSession.replay(lab, log)));
  });

  it('refuses a checkpoint of another lab and leaves the session as it was', () => {
    const s = LabSession.replay(lab, log.slice(0, half));
    const cp = s.checkpoint() as SessionCheckpoint;
    const before = observable(s);
    expect(() => s.restoreCheckpoint({ ...cp, lab: 'another' })).toThrow(/another lab/);
    expect(() => LabSession.resume(lab, cp, log.slice(0, half - 1))).toThrow(/newer than the log/);
    expect(observable(s)).toEqual(before);
  });
});

describe('checkpoint limits', () => {
  it('is not taken while a program that cannot be made again has the terminal', async () => {
    const lab = (await loadLab('driver-loading')) as LabDefinition;
    const s = new LabSession(lab);
    s.submit('sc');
    expect(s.prompt()).toMatch(/\[ y \| n \]/);
    expect(s.checkpoint()).toBeNull();
    s.submit('n');
    expect(s.checkpoint()).not.toBeNull();
  });
});

describe('data codec', () => {
  it('keeps bigints, Maps, Sets, bytes, undefined in arrays and $-keys', () => {
    const value = { a: 1n << 70n, m: new Map([['k', new Set([1, 2])]]), b: new Uint8Array([0, 255]), arr: [undefined, NaN], $x: { $n: 'no' } };
    expect(decodeData(encodeData(value))).toEqual(value);
  });

  it('does not let a stored __proto__ reach the prototype', () => {
    const v = decodeData('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a two-pane lab (host debugger)', () => {
  it('resumes from a checkpoint with its panes, and is not checkpointed while the machine is stopped', async () => {
    const base = (await loadLab('driver-loading')) as LabDefinition;
    const lab: LabDefinition = { ...base, hostDebugger: true };
    const log: InputEntry[] = [
      { kind: 'line', text: 'sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys' },
      { kind: 'focus', pane: 'host' },
      { kind: 'interrupt' },
      { kind: 'line', text: 'r rip' },
      { kind: 'line', text: 'g' },
      { kind: 'focus', pane: 'console' },
      { kind: 'line', text: 'sc start SwLegacy' },
      { kind: 'focus', pane: 'host' },
    ];
    const stopped = LabSession.replay(lab, log.slice(0, 4));
    expect(stopped.checkpoint()).toBeNull();
    const first = LabSession.replay(lab, log.slice(0, 6));
    const cp = first.checkpoint();
    expect(cp?.pane).toBe('console');
    const resumed = LabSession.resume(lab, decodeCheckpoint(encodeCheckpoint(cp as SessionCheckpoint), lab.id) as SessionCheckpoint, log);
    const full = LabSession.replay(lab, log);
    expect({ ...observable(resumed), pane: resumed.pane, host: resumed.hostScreen }).toEqual({ ...observable(full), pane: full.pane, host: full.hostScreen });
  });
});

describe('CheckpointWriter', () => {
  it('writes what encodeCheckpoint writes, encoding each event once, and starts over when the log is cut', async () => {
    const lab = (await loadLab('welcome')) as LabDefinition;
    const s = new LabSession(lab);
    const writer = new CheckpointWriter();
    for (const line of ['help', 'ver', 'echo one', 'cls', 'echo two']) {
      s.submit(line);
      const cp = s.checkpoint() as SessionCheckpoint;
      expect(writer.encode(cp)).toBe(encodeCheckpoint(cp));
    }
    const early = LabSession.replay(lab, s.log.slice(0, 2)).checkpoint() as SessionCheckpoint;
    s.restoreCheckpoint(early);
    s.submit('echo after');
    const cp = s.checkpoint() as SessionCheckpoint;
    expect(writer.encode(cp)).toBe(encodeCheckpoint(cp));
    expect(decodeCheckpoint(writer.encode(cp), lab.id)?.events).toEqual(cp.events);
  });
});
