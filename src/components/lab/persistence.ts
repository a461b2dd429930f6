/**
 * The lab element's saved work: rebuild the session on load (from the latest checkpoint that
 * can be read and the lines after it, or by replaying the whole log), store the log after every
 * change (see lab-record.ts), take a checkpoint when the page is idle after a change (keeping
 * the two latest), follow another tab's work on the same lab, and keep the student told (in
 * the lab's notice) when storage fails or a record was damaged.
 */
import { CheckpointWriter, decodeCheckpoint } from '../../lab/codec.ts';
import type { LabDefinition } from '../../lab/schema.ts';
import { LabSession } from '../../lab/session.ts';
import { chunkKey, type LabRecord, RecordWriter, readRecord } from '../../stores/lab-record.ts';
import {
  asideKey,
  browserStorage,
  CHECKPOINT_DELAY,
  CHECKPOINT_EVERY,
  checkpointKeys,
  LogPrinter,
  packText,
  recordKey,
  type StoredCheckpoint,
  storedCheckpoints,
  tryRead,
  tryRemove,
  tryWrite,
  type UnpackedAhead,
  unpackText,
} from '../../stores/lab-storage.ts';

export type Adopt = (session: LabSession, attempt: number) => void;

interface Notice {
  readonly text: string;
  readonly actions?: readonly { label: string; run: () => void }[];
}

/** When the page is idle (or soon, where there is no idle callback). */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 50);
}

export class LabPersistence {
  private readonly lab: LabDefinition;
  private readonly host: HTMLElement;
  private readonly storage = browserStorage();
  private readonly notices = new Map<string, Notice>();
  /** The record text this tab last wrote (its own storage events are not news). */
  private written: string | null = null;
  private readonly records: RecordWriter;
  private readonly printer = new LogPrinter();
  private readonly writer = new CheckpointWriter();
  private adopt: Adopt | null = null;
  /** Entries the latest checkpoint this tab took or restored covers. */
  private checkpointedAt = 0;
  /** The slot that checkpoint is stored in (null: not known; storage then says). */
  private latestKey: string | null = null;
  /** The session to checkpoint, and its attempt (null: none yet). */
  private current: { session: LabSession; attempt: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A checkpoint is scheduled or on its way to storage: the next waits for it. */
  private busy = false;
  /** The session changed while `busy`. */
  private changedMeanwhile = false;

  /** The stored checkpoint's text, unpacked while the engine loaded (used if storage still holds that checkpoint). */
  private ahead: UnpackedAhead | null;

  constructor(lab: LabDefinition, host: HTMLElement, ahead: UnpackedAhead | null = null) {
    this.lab = lab;
    this.host = host;
    this.ahead = ahead;
    this.records = new RecordWriter(this.storage, lab.id, this.printer);
  }

  /** Rebuild the lab's session from what this browser stored. */
  async open(): Promise<{ session: LabSession; attempt: number }> {
    const started = performance.now();
    if (!this.storage || !tryWrite(this.storage, 'ntlab:probe', '1')) this.cannotSave();
    tryRemove(this.storage, 'ntlab:probe');
    const read = this.read(tryRead(this.storage, recordKey(this.lab.id)));
    // Keep a damaged record as it was, and go on with what could be read of it.
    if (read.aside !== null) tryWrite(this.storage, asideKey(this.lab.id), read.aside);
    // A damaged record, or one stored whole by an older page, is stored again (in chunks).
    if (read.state !== 'ok' || read.version !== 2) this.write(read.record.attempt, read.record.log);
    else this.records.know(read);
    const restored = await this.rebuild(read.record);
    // For the benches (and the browser's performance panel): how long rebuilding the work took.
    performance.measure('ntlab:lab-restore', { start: started, detail: { lab: this.lab.id, from: this.host.dataset.restoredFrom } });
    this.showAside(read.state, read.dropped);
    window.addEventListener('storage', this.onStorage);
    // The lines replayed after the checkpoint (or the whole log) are checkpointed for the next reload.
    this.schedule();
    return restored;
  }

  /** Follow another tab's changes to this lab (and a restored copy) through `adopt`. */
  watch(adopt: Adopt): void {
    this.adopt = adopt;
  }

  close(): void {
    window.removeEventListener('storage', this.onStorage);
    clearTimeout(this.timer);
    // Nothing more to checkpoint (one on its way is not stored).
    this.current = null;
  }

  /** After every change: store the log, and checkpoint the session once the page is idle. */
  save(session: LabSession, attempt: number): void {
    this.write(attempt, session.log);
    this.current = { session, attempt };
    this.schedule();
  }

  /** The lab starts over: an empty log, no checkpoint. */
  reset(attempt: number): void {
    this.dropCheckpoints();
    this.current = null;
    this.write(attempt, []);
  }

  private dropCheckpoints(): void {
    for (const key of checkpointKeys(this.lab.id)) tryRemove(this.storage, key);
    this.checkpointedAt = 0;
    this.latestKey = null;
  }

  /** The stored record `raw` with its chunks. */
  private read(raw: string | null) {
    return readRecord(raw, (i) => tryRead(this.storage, chunkKey(this.lab.id, i)));
  }

  private write(attempt: number, log: LabRecord['log']): void {
    let result = this.records.write(attempt, log);
    this.written = result.text;
    if (result.ok) return;
    // Full: checkpoints are only a speed-up, so give their room to the log and try again.
    this.dropCheckpoints();
    result = this.records.write(attempt, log);
    if (!result.ok) this.cannotSave();
  }

  /**
   * Checkpoint the current session when the page is idle: CHECKPOINT_DELAY after the last
   * change, or at once when CHECKPOINT_EVERY entries are not covered yet.
   */
  private schedule(): void {
    const current = this.current;
    if (!current) return;
    // One at a time: a change meanwhile is checkpointed after it.
    if (this.busy) {
      this.changedMeanwhile = true;
      return;
    }
    const behind = current.session.log.length - this.checkpointedAt;
    clearTimeout(this.timer);
    if (behind <= 0) return;
    this.timer = setTimeout(
      () => {
        this.busy = true;
        this.changedMeanwhile = false;
        whenIdle(() => void this.checkpoint());
      },
      behind >= CHECKPOINT_EVERY ? 0 : CHECKPOINT_DELAY,
    );
  }

  /**
   * Take a checkpoint of the current session and store it over the older of the two stored.
   * Measured ('ntlab:lab-checkpoint'): the main thread's share (taking and encoding it, then
   * storing it) apart from the compression, which runs in between without blocking.
   */
  private async checkpoint(): Promise<void> {
    const current = this.current;
    let stored = false;
    try {
      if (!current) return;
      const { session, attempt } = current;
      const started = performance.now();
      const cp = session.checkpoint();
      // Cannot be taken now (a program that cannot save, a host debugger stopped): the next change tries again.
      if (!cp) return;
      const text = this.writer.encode(cp);
      const print = this.printer.print(session.log, cp.entries);
      const took = performance.now() - started;
      const packed = await packText(text);
      // Another session came meanwhile (a reset, another tab's work): this one is not stored.
      if (this.current?.session !== session) return;
      const storing = performance.now();
      const record: StoredCheckpoint = { v: 1, attempt, entries: cp.entries, print, form: packed.form, text: packed.text };
      // Over the older of the two (another tab's checkpoints are of the same log: either may go).
      const keys = checkpointKeys(this.lab.id);
      const latest = this.latestKey ?? storedCheckpoints(this.storage, this.lab.id)[0]?.key;
      const key = keys.find((k) => k !== latest) ?? keys[0];
      const value = JSON.stringify(record);
      // No room: no checkpoint there (the log alone still rebuilds the lab); the next change tries again.
      stored = tryWrite(this.storage, key, value);
      if (stored) {
        this.checkpointedAt = cp.entries;
        this.latestKey = key;
      } else tryRemove(this.storage, key);
      const store = performance.now() - storing;
      // The latest only (one a change would pile up over a long session).
      performance.clearMeasures('ntlab:lab-checkpoint');
      performance.measure('ntlab:lab-checkpoint', {
        start: started,
        detail: { lab: this.lab.id, entries: cp.entries, mainMs: took + store, takeMs: took, storeMs: store, chars: value.length },
      });
    } catch (err) {
      console.warn(`ntlab: lab ${this.lab.id}: no checkpoint taken`, err);
    } finally {
      this.busy = false;
      // Lines that came meanwhile (or a session that replaced this one) are checkpointed in turn.
      if (stored || this.changedMeanwhile) this.schedule();
    }
  }

  /** The session for `record`: from the latest checkpoint that fits, else by replaying the whole log. */
  private async rebuild(record: LabRecord): Promise<{ session: LabSession; attempt: number }> {
    const ahead = this.ahead;
    this.ahead = null;
    this.current = null;
    let damaged = false;
    for (const { key, raw, stored } of storedCheckpoints(this.storage, this.lab.id)) {
      if (stored === 'damaged') {
        damaged = true;
        tryRemove(this.storage, key);
        continue;
      }
      // A checkpoint of another attempt or another log is not used (nor damaged).
      if (stored.attempt !== record.attempt || stored.entries > record.log.length || this.printer.print(record.log, stored.entries) !== stored.print) continue;
      try {
        const cp = await (ahead?.raw === raw ? ahead.checkpoint : unpackText(stored.form, stored.text).then((text) => decodeCheckpoint(text, this.lab.id)));
        if (!cp || cp.entries !== stored.entries) throw new Error('checkpoint does not decode');
        // Decoded for this session alone: its machine state is taken as it is.
        const session = LabSession.resume(this.lab, cp, record.log, true);
        this.checkpointedAt = cp.entries;
        this.latestKey = key;
        this.current = { session, attempt: record.attempt };
        this.host.dataset.restoredFrom = 'checkpoint';
        if (damaged)
          this.notice('checkpoint', {
            text: 'A saved checkpoint of this lab could not be read, so the lab was rebuilt from an earlier one and your work after it.',
          });
        return { session, attempt: record.attempt };
      } catch (err) {
        damaged = true;
        tryRemove(this.storage, key);
        console.warn(`ntlab: lab ${this.lab.id}: checkpoint not used`, err);
      }
    }
    if (damaged) this.notice('checkpoint', { text: 'A saved checkpoint of this lab could not be read, so the lab was rebuilt by replaying all of your work.' });
    this.checkpointedAt = 0;
    this.latestKey = null;
    this.host.dataset.restoredFrom = 'log';
    try {
      const session = LabSession.replay(this.lab, record.log);
      this.current = { session, attempt: record.attempt };
      return { session, attempt: record.attempt };
    } catch (err) {
      // The log could not be replayed (e.g. from an older lab version): keep it aside, start fresh.
      console.warn(`ntlab: lab ${this.lab.id}: stored work could not be replayed`, err);
      tryWrite(this.storage, asideKey(this.lab.id), JSON.stringify(record));
      this.write(record.attempt, []);
      this.showAside('lost', 0);
      return { session: new LabSession(this.lab), attempt: record.attempt };
    }
  }

  /** Say what became of a damaged record while its copy is kept aside (on every load, until the student decides). */
  private showAside(state: 'ok' | 'salvaged' | 'lost', dropped: number): void {
    if (tryRead(this.storage, asideKey(this.lab.id)) === null) {
      this.notices.delete('aside');
      this.render();
      return;
    }
    const text =
      state === 'salvaged'
        ? `Part of your earlier work in this lab was damaged: ${dropped} ${dropped === 1 ? 'entry' : 'entries'} could not be read and the rest was restored.`
        : state === 'lost'
          ? 'Your earlier work in this lab could not be restored, so the lab starts fresh.'
          : 'An earlier, damaged record of your work in this lab is still kept.';
    this.notice('aside', {
      text: `${text} This browser keeps the old record aside.`,
      actions: [
        { label: 'Restore the old record', run: () => void this.restoreAside() },
        { label: 'Discard it', run: () => this.discardAside() },
      ],
    });
  }

  private async restoreAside(): Promise<void> {
    const raw = tryRead(this.storage, asideKey(this.lab.id));
    if (raw === null || !window.confirm('Restore the old record? What you did since it was set aside is replaced by what can be read of it.')) return;
    const read = readRecord(raw);
    tryRemove(this.storage, asideKey(this.lab.id));
    this.dropCheckpoints();
    this.records.forget();
    this.write(read.record.attempt, read.record.log);
    const { session, attempt } = await this.rebuild(read.record);
    this.showAside('ok', 0);
    this.schedule();
    this.adopt?.(session, attempt);
  }

  private discardAside(): void {
    tryRemove(this.storage, asideKey(this.lab.id));
    this.showAside('ok', 0);
  }

  private cannotSave(): void {
    this.notice('storage', {
      text: 'Your progress in this lab cannot be saved: this browser’s storage is full or blocked. The lab works, but a reload will lose what you do now.',
    });
  }

  /** Another tab wrote this lab's record: take its work, so both tabs show the same lab. */
  private readonly onStorage = (e: StorageEvent): void => {
    if (e.key !== recordKey(this.lab.id) || e.newValue === null || e.newValue === this.written) return;
    const read = this.read(e.newValue);
    if (read.state === 'lost') return;
    this.written = e.newValue;
    // This tab takes that log as stored: its next write goes on from the chunks there.
    if (read.state === 'ok') this.records.know(read);
    else this.records.forget();
    void this.rebuild(read.record).then(({ session, attempt }) => {
      this.notice('tabs', { text: 'This lab is also open in another tab: this tab now shows the work done there, and both keep one record.' });
      this.adopt?.(session, attempt);
    });
  };

  private notice(key: string, notice: Notice): void {
    this.notices.set(key, notice);
    this.render();
  }

  private render(): void {
    const el = this.host.querySelector<HTMLElement>('[data-lab-notice]');
    if (!el) return;
    el.replaceChildren();
    for (const [key, notice] of this.notices) {
      const line = document.createElement('span');
      line.className = 'lab-notice-line';
      line.dataset.notice = key;
      line.append(notice.text);
      for (const action of notice.actions ?? []) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'lab-notice-action';
        button.textContent = action.label;
        button.addEventListener('click', action.run);
        line.append(' ', button);
      }
      el.append(line);
    }
    el.hidden = this.notices.size === 0;
  }
}
