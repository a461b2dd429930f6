/** Stored records are checked for shape: damaged entries are left out, the rest kept. */
import { describe, expect, it } from 'vitest';
import { readRecord } from '../../src/stores/lab-record.ts';
import { logPrint, readStoredCheckpoint } from '../../src/stores/lab-storage.ts';
import { parseSummary } from '../../src/stores/progress.ts';

describe('lab record', () => {
  it('reads a good record as it is, and nothing stored as empty', () => {
    expect(readRecord('{"v":1,"attempt":2,"log":[{"kind":"line","text":"ver"},{"kind":"hint"}]}')).toEqual({
      record: { v: 1, attempt: 2, log: [{ kind: 'line', text: 'ver' }, { kind: 'hint' }] },
      state: 'ok',
      dropped: 0,
      version: 1,
      sealed: 0,
      hash: null,
      aside: null,
    });
    expect(readRecord(null).state).toBe('ok');
  });

  it('keeps the intact entries of a damaged record', () => {
    const read = readRecord('{"v":1,"attempt":"x","log":[{"kind":"line","text":"help"},null,{"kind":"line","text":5},{"kind":"clear"}]}');
    expect(read.state).toBe('salvaged');
    expect(read.dropped).toBe(2);
    expect(read.record).toEqual({ v: 1, attempt: 0, log: [{ kind: 'line', text: 'help' }, { kind: 'clear' }] });
  });

  it('says lost when nothing can be read', () => {
    for (const raw of ['{', '"x"', '{"v":1,"log":"x"}', '{"v":1,"log":[1,2]}']) expect(readRecord(raw).state, raw).toBe('lost');
  });

  it('tells checkpoints of different logs apart, and a damaged checkpoint from none', () => {
    const log = [
      { kind: 'line' as const, text: 'a' },
      { kind: 'line' as const, text: 'b' },
    ];
    expect(logPrint(log, 1)).toBe(logPrint([log[0], { kind: 'line', text: 'other' }], 1));
    expect(logPrint(log, 2)).not.toBe(logPrint([log[0], { kind: 'line', text: 'other' }], 2));
    expect(readStoredCheckpoint(null)).toBeNull();
    expect(readStoredCheckpoint('{"v":1}')).toBe('damaged');
    expect(readStoredCheckpoint('not json')).toBe('damaged');
  });
});

describe('progress summary', () => {
  it('leaves out what has the wrong shape', () => {
    expect(parseSummary('{"labs":"x"}')).toEqual({ labs: {}, lessons: {} });
    expect(parseSummary('[1]')).toEqual({ labs: {}, lessons: {} });
    expect(parseSummary('{"labs":{"a":{"done":1,"total":2},"b":{"done":"1","total":2},"c":{"done":3,"total":2}},"lessons":{"x":true,"y":"yes"}}')).toEqual({
      labs: { a: { done: 1, total: 2 } },
      lessons: { x: true },
    });
  });

  it('takes no prototype from a stored key', () => {
    const s = parseSummary('{"labs":{"__proto__":{"done":1,"total":1}}}');
    expect(Object.getPrototypeOf(s.labs)).toBeNull();
  });
});
