/**
 * The lab's saved work across reloads, on a storage in memory (no page): a checkpoint is taken
 * when the page is idle after a change, the two latest are kept, a damaged latest one falls back
 * to the one before it and then to the whole log (with a notice), and an older page's record
 * (the whole log in one, one checkpoint) is read and stored again in chunks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import lab from '../../labs/welcome/lab.ts';
import { LabPersistence } from '../../src/components/lab/persistence.ts';
import { encodeCheckpoint } from '../../src/lab/codec.ts';
import { LabSession } from '../../src/lab/session.ts';
import { chunkKey, LOG_CHUNK, recordTexts } from '../../src/stores/lab-record.ts';
import { checkpointKeys, logPrint, recordKey, storedCheckpoints } from '../../src/stores/lab-storage.ts';
import { MemoryStorage } from './memory-storage.ts';

let storage: MemoryStorage;

beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('window', { addEventListener: () => undefined, removeEventListener: () => undefined, confirm: () => true });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A page's lab element, as far as its saved work goes: its data attributes and its notices. */
function page() {
  const host = { dataset: {} as Record<string, string>, querySelector: () => null };
  const persist = new LabPersistence(lab, host as unknown as HTMLElement);
  const notices = () => [...(persist as unknown as { notices: Map<string, { text: string }> }).notices.values()].map((n) => n.text);
  return { host, persist, notices };
}

/** A reload: the page opens the lab from storage, and is closed again (no checkpoint taken). */
async function reload() {
  const { host, persist, notices } = page();
  const { session } = await persist.open();
  persist.close();
  return { restoredFrom: host.dataset.restoredFrom, session, notices: notices().join('\n') };
}

/** The entries each stored checkpoint covers, latest first. */
const checkpoints = () => storedCheckpoints(storage, lab.id).map((c) => (c.stored === 'damaged' ? -1 : c.stored.entries));

/** Wait (a bounded number of turns) until the latest stored checkpoint covers `entries`. */
async function checkpointed(entries: number): Promise<void> {
  for (let turn = 0; turn < 1500 && checkpoints()[0] !== entries; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(checkpoints()[0]).toBe(entries);
}

async function type(persist: LabPersistence, session: LabSession, lines: readonly string[]): Promise<void> {
  for (const text of lines) {
    session.apply({ kind: 'line', text });
    persist.save(session, 0);
  }
}

describe('lab persistence', () => {
  it('checkpoints at idle after the last change and keeps the two latest; a reload resumes from the latest', async () => {
    const first = page();
    const { session } = await first.persist.open();
    await type(first.persist, session, ['ver', 'echo one', 'help']);
    await checkpointed(3);
    await type(first.persist, session, ['echo two', 'cls', 'echo three', 'echo four', 'echo five']);
    await checkpointed(8);
    expect(checkpoints()).toEqual([8, 3]);
    await type(first.persist, session, ['echo after']);
    await checkpointed(9);
    // The newest replaces the older of the two.
    expect(checkpoints()).toEqual([9, 8]);
    first.persist.close();

    const again = await reload();
    expect(again.restoredFrom).toBe('checkpoint');
    expect(again.session.screen).toBe(session.screen);
    expect(again.session.log).toEqual(session.log);
    expect(again.session.objectives()).toEqual(session.objectives());
    expect(again.notices).toBe('');
  });

  it('a checkpoint that cannot be taken now is taken after the next change; one that finds no room is not tried again until then', async () => {
    const first = page();
    const { session } = await first.persist.open();
    const take = vi.spyOn(session, 'checkpoint').mockReturnValueOnce(null);
    await type(first.persist, session, ['ver']);
    for (let turn = 0; turn < 400 && take.mock.calls.length === 0; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(take).toHaveBeenCalledTimes(1);
    expect(checkpoints()).toEqual([]);
    await type(first.persist, session, ['echo two']);
    await checkpointed(2);
    expect(take).toHaveBeenCalledTimes(2);

    // Room for the log, not for a checkpoint: one try, then none until the next change.
    storage.room = storage.held() + 1000;
    await type(first.persist, session, ['echo three']);
    for (let turn = 0; turn < 400 && take.mock.calls.length === 2; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let turn = 0; turn < 100; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(take).toHaveBeenCalledTimes(3);
    expect(checkpoints()).toEqual([2]);
    first.persist.close();
    expect(first.notices()).toEqual([]);
  });

  it('a damaged latest checkpoint falls back to the one before it, then a damaged one of those to the whole log, each with a notice', async () => {
    const first = page();
    const { session } = await first.persist.open();
    await type(first.persist, session, ['ver', 'echo one']);
    await checkpointed(2);
    await type(first.persist, session, ['help', 'echo two', 'echo three']);
    await checkpointed(5);
    first.persist.close();
    const [latest, previous] = storedCheckpoints(storage, lab.id);
    const stored = JSON.parse(latest.raw) as { text: string };
    storage.setItem(latest.key, JSON.stringify({ ...stored, text: `${stored.text.slice(0, 40)}damage` }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const second = await reload();
    expect(second.restoredFrom).toBe('checkpoint');
    expect(second.session.screen).toBe(session.screen);
    expect(second.notices).toContain('checkpoint of this lab could not be read, so the lab was rebuilt from an earlier one');
    // The damaged one is gone; the one it fell back to stays.
    expect(checkpoints()).toEqual([2]);

    storage.setItem(previous.key, '{"v":1,"attempt":0');
    const third = await reload();
    expect(third.restoredFrom).toBe('log');
    expect(third.session.screen).toBe(session.screen);
    expect(third.notices).toContain('checkpoint of this lab could not be read, so the lab was rebuilt by replaying all of your work');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("reads an older page's record and checkpoint, and stores the record again in chunks", async () => {
    const log = Array.from({ length: LOG_CHUNK + 30 }, (_, i) => ({ kind: 'line' as const, text: i % 3 ? `echo ${i}` : 'ver' }));
    const cp = LabSession.replay(lab, log.slice(0, LOG_CHUNK + 10)).checkpoint();
    if (!cp) throw new Error('no checkpoint');
    storage.setItem(recordKey(lab.id), JSON.stringify({ v: 1, attempt: 0, log }));
    storage.setItem(
      checkpointKeys(lab.id)[0],
      JSON.stringify({ v: 1, attempt: 0, entries: cp.entries, print: logPrint(log, cp.entries), form: 'json', text: encodeCheckpoint(cp) }),
    );
    const { restoredFrom, session, notices } = await reload();
    expect(restoredFrom).toBe('checkpoint');
    expect(session.screen).toBe(LabSession.replay(lab, log).screen);
    expect(notices).toBe('');
    const record = JSON.parse(storage.getItem(recordKey(lab.id)) ?? '{}') as { v: number; sealed: number; log: unknown[] };
    expect(record).toMatchObject({ v: 2, sealed: 1 });
    expect(record.log).toHaveLength(30);
    expect(storage.getItem(chunkKey(lab.id, 0))).toContain('"at":0');
  });

  it("a checkpoint's print is checked from the hash the record gives for its sealed entries", async () => {
    const log = Array.from({ length: 2 * LOG_CHUNK + 5 }, (_, i) => ({ kind: 'line' as const, text: `echo ${i}` }));
    const { record, chunks } = recordTexts(0, log);
    for (const [i, text] of chunks.entries()) storage.setItem(chunkKey(lab.id, i), text);
    const cp = LabSession.replay(lab, log.slice(0, 2 * LOG_CHUNK + 2)).checkpoint();
    if (!cp) throw new Error('no checkpoint');
    const slot = JSON.stringify({ v: 1, attempt: 0, entries: cp.entries, print: logPrint(log, cp.entries), form: 'json', text: encodeCheckpoint(cp) });
    storage.setItem(checkpointKeys(lab.id)[0], slot);
    storage.setItem(recordKey(lab.id), record);
    expect((await reload()).restoredFrom).toBe('checkpoint');
    // A record that gives another hash for the same entries: the checkpoint does not fit it (the whole log is replayed).
    storage.setItem(recordKey(lab.id), JSON.stringify({ ...JSON.parse(record), hash: 7 }));
    const other = await reload();
    expect(other.restoredFrom).toBe('log');
    expect(other.session.screen).toBe(LabSession.replay(lab, log).screen);
  });

  it('the write after each change stays bounded however long the log', async () => {
    const log = Array.from({ length: 10 * LOG_CHUNK }, (_, i) => ({ kind: 'line' as const, text: `echo ${i}` }));
    storage.setItem(recordKey(lab.id), JSON.stringify({ v: 1, attempt: 0, log }));
    const { persist } = page();
    const { session } = await persist.open();
    storage.written = 0;
    await type(persist, session, ['ver']);
    persist.close();
    expect(storage.written).toBeLessThan(JSON.stringify(log.slice(0, LOG_CHUNK)).length);
  });
});
