/** The stored input log: sealed chunks written once, a bounded record per change, every shape checked, older records read. */
import { describe, expect, it } from 'vitest';
import type { InputEntry } from '../../src/lab/session.ts';
import { chunkKey, LOG_CHUNK, RecordWriter, readRecord, recordTexts } from '../../src/stores/lab-record.ts';
import { checkpointKeys, LogPrinter, logPrint, recordKey, storedCheckpoints } from '../../src/stores/lab-storage.ts';
import { MemoryStorage } from './memory-storage.ts';

const LAB = 'welcome';
const line = (i: number): InputEntry => ({ kind: 'line', text: `echo ${i}` });
const logOf = (n: number) => Array.from({ length: n }, (_, i) => line(i));
const read = (storage: Storage) => readRecord(storage.getItem(recordKey(LAB)), (i) => storage.getItem(chunkKey(LAB, i)));

describe('stored input log', () => {
  it('stores a long log one change at a time with a bounded write per change, and reads it back whole', () => {
    const storage = new MemoryStorage();
    const writer = new RecordWriter(storage, LAB);
    const log: InputEntry[] = [];
    let most = 0;
    for (let i = 0; i < 5 * LOG_CHUNK + 7; i++) {
      log.push(line(i));
      storage.written = 0;
      expect(writer.write(0, log).ok).toBe(true);
      most = Math.max(most, storage.written);
    }
    // Never more than a chunk and a record of LOG_CHUNK entries, however long the log.
    const bound = 2 * JSON.stringify(logOf(LOG_CHUNK).map((_, i) => line(i + 1000))).length + 200;
    expect(most).toBeLessThan(bound);
    expect(JSON.stringify(log).length).toBeGreaterThan(bound);
    const back = read(storage);
    expect(back.state).toBe('ok');
    expect(back.version).toBe(2);
    expect(back.sealed).toBe(5);
    expect(back.record.log).toEqual(log);
    // The record's hash of its sealed entries, trusted, prints the log as hashing all of it does.
    expect(back.hash).toBe(new LogPrinter().hash(log, 5 * LOG_CHUNK));
    const trusting = new LogPrinter();
    trusting.trust(5 * LOG_CHUNK, back.hash ?? 0);
    expect(trusting.print(log, log.length - 2)).toBe(logPrint(log, log.length - 2));
    // Texts made in one go are the same as those written one change at a time.
    const texts = recordTexts(0, log);
    expect(texts.record).toBe(storage.getItem(recordKey(LAB)));
    expect(texts.chunks).toEqual(texts.chunks.map((_, i) => storage.getItem(chunkKey(LAB, i))));
  });

  it('reads a record stored whole by an older page (v1) as it is', () => {
    const log = logOf(3 * LOG_CHUNK);
    const back = readRecord(JSON.stringify({ v: 1, attempt: 2, log }));
    expect(back).toMatchObject({ state: 'ok', version: 1, sealed: 0, aside: null, record: { attempt: 2, log } });
    // Stored again, it becomes chunks and a short record, which read back the same.
    const storage = new MemoryStorage();
    new RecordWriter(storage, LAB).write(2, back.record.log);
    expect(read(storage).record).toEqual(back.record);
    expect(JSON.parse(storage.getItem(recordKey(LAB)) ?? '{}').log).toHaveLength(0);
  });

  it('leaves out a damaged chunk (and a chunk of another attempt), keeps the rest, and keeps the whole as stored aside', () => {
    const storage = new MemoryStorage();
    const log = logOf(3 * LOG_CHUNK + 5);
    new RecordWriter(storage, LAB).write(1, log);
    storage.setItem(chunkKey(LAB, 1), '{"v":2,"attempt":1,"at":200,"log":[{"kind":"line","tex');
    const damaged = read(storage);
    expect(damaged.state).toBe('salvaged');
    expect(damaged.dropped).toBe(LOG_CHUNK);
    expect(damaged.record.log).toEqual([...log.slice(0, LOG_CHUNK), ...log.slice(2 * LOG_CHUNK)]);
    expect(readRecord(damaged.aside).record.log).toEqual(damaged.record.log);

    new RecordWriter(storage, LAB).write(1, log);
    storage.setItem(chunkKey(LAB, 2), JSON.stringify({ v: 2, attempt: 0, at: 2 * LOG_CHUNK, log: log.slice(2 * LOG_CHUNK, 3 * LOG_CHUNK) }));
    expect(read(storage)).toMatchObject({ state: 'salvaged', dropped: LOG_CHUNK });
    // Entries of the wrong shape in a chunk or the record are left out one by one.
    new RecordWriter(storage, LAB).write(1, log);
    storage.setItem(recordKey(LAB), JSON.stringify({ v: 2, attempt: 1, sealed: 3, log: [line(1), { kind: 'typed' }, 7] }));
    expect(read(storage)).toMatchObject({ state: 'salvaged', dropped: 2 });
    expect(read(storage).record.log).toHaveLength(3 * LOG_CHUNK + 1);
    // A hash of the wrong shape is not taken (nothing is lost by it).
    storage.setItem(recordKey(LAB), JSON.stringify({ v: 2, attempt: 1, sealed: 3, hash: 'x', log: [] }));
    expect(read(storage)).toMatchObject({ state: 'ok', hash: null });
  });

  it('says lost for a record of the wrong shape, and keeps its text aside', () => {
    for (const raw of ['{', '[]', '{"v":2,"attempt":0,"sealed":-1,"log":[]}', '{"v":2,"attempt":0,"sealed":1e9,"log":[]}', '{"v":2,"attempt":0,"log":"x"}']) {
      const back = readRecord(raw);
      expect(back.state, raw).toBe('lost');
      expect(back.record.log, raw).toEqual([]);
      expect(back.aside, raw).toBe(raw);
    }
    // Chunks that are all missing: their entries are lost, said as such.
    expect(readRecord('{"v":2,"attempt":0,"sealed":2,"log":[]}')).toMatchObject({ state: 'lost', dropped: 2 * LOG_CHUNK });
  });

  it('a new attempt or a shorter log removes the chunks beyond it', () => {
    const storage = new MemoryStorage();
    const writer = new RecordWriter(storage, LAB);
    writer.write(0, logOf(4 * LOG_CHUNK));
    expect(storage.getItem(chunkKey(LAB, 3))).not.toBeNull();
    writer.write(1, []);
    expect(storage.length).toBe(1);
    expect(read(storage)).toMatchObject({ state: 'ok', record: { attempt: 1, log: [] } });
    writer.write(1, logOf(3 * LOG_CHUNK));
    writer.forget();
    writer.write(1, logOf(LOG_CHUNK + 1));
    expect(storage.getItem(chunkKey(LAB, 1))).toBeNull();
    expect(read(storage).record.log).toEqual(logOf(LOG_CHUNK + 1));
  });

  it('a full storage says so, and the next write goes on from what was stored', () => {
    const storage = new MemoryStorage();
    const writer = new RecordWriter(storage, LAB);
    storage.room = 3 * JSON.stringify(logOf(LOG_CHUNK)).length;
    expect(writer.write(0, logOf(5 * LOG_CHUNK)).ok).toBe(false);
    storage.room = Number.POSITIVE_INFINITY;
    expect(writer.write(0, logOf(5 * LOG_CHUNK)).ok).toBe(true);
    expect(read(storage).record.log).toEqual(logOf(5 * LOG_CHUNK));
  });
});

describe('log prints', () => {
  it('a growing log prints as logPrint does, and a replaced log is printed afresh', () => {
    const printer = new LogPrinter();
    const log = logOf(50);
    for (const n of [0, 1, 10, 10, 49, 50, 3]) expect(printer.print(log, n)).toBe(logPrint(log, n));
    // Told that the first 20 entries hash to what they do, it hashes only the rest; below them, all again.
    const told = new LogPrinter();
    told.trust(20, new LogPrinter().hash(log, 20));
    expect(told.print(log, 50)).toBe(logPrint(log, 50));
    expect(told.print(log, 10)).toBe(logPrint(log, 10));
    const misled = new LogPrinter();
    misled.trust(20, 12345);
    expect(misled.print(log, 50)).not.toBe(logPrint(log, 50));
    const other = [...log.slice(0, 20), { kind: 'hint' } as InputEntry, ...log.slice(21)];
    expect(printer.print(other, 50)).toBe(logPrint(other, 50));
    expect(printer.print(other, 50)).not.toBe(logPrint(log, 50));
    expect(printer.print(log, 50)).toBe(logPrint(log, 50));
  });
});

describe('checkpoint slots', () => {
  it('lists the stored checkpoints latest first, a damaged one last', () => {
    const storage = new MemoryStorage();
    const [a, b] = checkpointKeys(LAB);
    const stored = (entries: number) => JSON.stringify({ v: 1, attempt: 0, entries, print: `${entries}:0`, form: 'json', text: '{}' });
    storage.setItem(a, stored(4));
    storage.setItem(b, stored(9));
    expect(storedCheckpoints(storage, LAB).map((c) => c.key)).toEqual([b, a]);
    storage.setItem(b, 'damaged');
    expect(storedCheckpoints(storage, LAB).map((c) => [c.key, c.stored === 'damaged'])).toEqual([
      [a, false],
      [b, true],
    ]);
    expect(storedCheckpoints(null, LAB)).toEqual([]);
  });
});
