/**
 * The lab element's saved work: rebuild the session on load (from the latest checkpoint
 * and the lines after it, or by replaying the whole log), save after every change, take a
 * checkpoint every CHECKPOINT_EVERY entries, follow another tab's work on the same lab,
 * and keep the student told (in the lab's notice) when storage fails or a record was damaged.
 */
import { CheckpointWriter, decodeCheckpoint } from '../../lab/codec.ts';
import type { LabDefinition } from '../../lab/schema.ts';
import { LabSession } from '../../lab/session.ts';
import {
  asideKey,
  browserStorage,
  CHECKPOINT_EVERY,
  checkpointKey,
  type LabRecord,
  logPrint,
  packText,
  readRecord,
  readStoredCheckpoint,
  recordKey,
  type StoredCheckpoint,
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

export class LabPersistence {
  private readonly lab: LabDefinition;
  private readonly host: HTMLElement;
  private readonly storage = browserStorage();
  private readonly notices = new Map<string, Notice>();
  /** The record text this tab last wrote (its own storage events are not news). */
  private written: string | null = null;
  private checkpointedAt = 0;
  private checkpointing = false;
  private adopt: Adopt | null = null;
  private readonly writer = new CheckpointWriter();

  /** The stored checkpoint's text, unpacked while the engine loaded (used if storage still holds that checkpoint). */
  private ahead: UnpackedAhead | null;

  constructor(lab: LabDefinition, host: HTMLElement, ahead: UnpackedAhead | null = null) {
    this.lab = lab;
    this.host = host;
    this.ahead = ahead;
  }

  /** Rebuild the lab's session from what this browser stored. */
  async open(): Promise<{ session: LabSession; attempt: number }> {
    const started = performance.now();
    if (!this.storage || !tryWrite(this.storage, 'ntlab:probe', '1')) this.cannotSave();
    tryRemove(this.storage, 'ntlab:probe');
    const raw = tryRead(this.storage, recordKey(this.lab.id));
    const read = readRecord(raw);
    if (read.state !== 'ok' && raw !== null) {
      // Keep the damaged record as it was, and go on with what could be read of it.
      tryWrite(this.storage, asideKey(this.lab.id), raw);
      this.write(read.record);
    }
    const restored = await this.rebuild(read.record);
    // For the benches (and the browser's performance panel): how long rebuilding the work took.
    performance.measure('ntlab:lab-restore', { start: started, detail: { lab: this.lab.id, from: this.host.dataset.restoredFrom } });
    this.showAside(read.state, read.dropped);
    window.addEventListener('storage', this.onStorage);
    return restored;
  }

  /** Follow another tab's changes to this lab (and a restored copy) through `adopt`. */
  watch(adopt: Adopt): void {
    this.adopt = adopt;
  }

  close(): void {
    window.removeEventListener('storage', this.onStorage);
  }

  /** After every change: store the log, and a checkpoint when enough has happened since the last. */
  save(session: LabSession, attempt: number): void {
    this.write({ v: 1, attempt, log: session.log });
    if (session.log.length - this.checkpointedAt >= CHECKPOINT_EVERY && !this.checkpointing) {
      this.checkpointing = true;
      // Off the keystroke's path: when the page is idle (or soon, where there is no idle callback).
      const later =
        typeof requestIdleCallback === 'function' ? (fn: () => void) => requestIdleCallback(fn, { timeout: 2000 }) : (fn: () => void) => setTimeout(fn, 50);
      later(() => this.checkpoint(session, attempt));
    }
  }

  /** The lab starts over: an empty log, no checkpoint. */
  reset(attempt: number): void {
    tryRemove(this.storage, checkpointKey(this.lab.id));
    this.checkpointedAt = 0;
    this.write({ v: 1, attempt, log: [] });
  }

  private write(record: LabRecord): void {
    const text = JSON.stringify(record);
    this.written = text;
    if (tryWrite(this.storage, recordKey(this.lab.id), text)) return;
    // Full: the checkpoint is only a speed-up, so give its room to the log and try again.
    tryRemove(this.storage, checkpointKey(this.lab.id));
    if (!tryWrite(this.storage, recordKey(this.lab.id), text)) this.cannotSave();
  }

  private checkpoint(session: LabSession, attempt: number): void {
    const cp = session.checkpoint();
    if (!cp) {
      this.checkpointing = false;
      return;
    }
    const print = logPrint(session.log, cp.entries);
    packText(this.writer.encode(cp))
      .then(({ form, text }) => {
        const stored: StoredCheckpoint = { v: 1, attempt, entries: cp.entries, print, form, text };
        // No room: no checkpoint (the log alone still rebuilds the lab); try again CHECKPOINT_EVERY entries on.
        if (!tryWrite(this.storage, checkpointKey(this.lab.id), JSON.stringify(stored))) tryRemove(this.storage, checkpointKey(this.lab.id));
        this.checkpointedAt = cp.entries;
      })
      .catch(() => undefined)
      .finally(() => {
        this.checkpointing = false;
      });
  }

  /** The session for `record`: from its checkpoint when one fits, else by replaying the whole log. */
  private async rebuild(record: LabRecord): Promise<{ session: LabSession; attempt: number }> {
    const raw = tryRead(this.storage, checkpointKey(this.lab.id));
    const stored = readStoredCheckpoint(raw);
    const ahead = this.ahead?.raw === raw ? this.ahead : null;
    this.ahead = null;
    let damaged = stored === 'damaged';
    if (stored && stored !== 'damaged' && stored.attempt === record.attempt && stored.entries <= record.log.length) {
      if (logPrint(record.log, stored.entries) === stored.print) {
        try {
          const cp = decodeCheckpoint(await (ahead?.text ?? unpackText(stored.form, stored.text)), this.lab.id);
          if (!cp || cp.entries !== stored.entries) throw new Error('checkpoint does not decode');
          const session = LabSession.resume(this.lab, cp, record.log);
          this.checkpointedAt = cp.entries;
          this.host.dataset.restoredFrom = 'checkpoint';
          return { session, attempt: record.attempt };
        } catch (err) {
          damaged = true;
          console.warn(`ntlab: lab ${this.lab.id}: checkpoint not used`, err);
        }
      }
    }
    if (damaged) {
      tryRemove(this.storage, checkpointKey(this.lab.id));
      this.notice('checkpoint', { text: 'A saved checkpoint of this lab could not be read, so the lab was rebuilt by replaying all of your work.' });
    }
    this.checkpointedAt = 0;
    this.host.dataset.restoredFrom = 'log';
    try {
      return { session: LabSession.replay(this.lab, record.log), attempt: record.attempt };
    } catch (err) {
      // The log could not be replayed (e.g. from an older lab version): keep it aside, start fresh.
      console.warn(`ntlab: lab ${this.lab.id}: stored work could not be replayed`, err);
      tryWrite(this.storage, asideKey(this.lab.id), JSON.stringify(record));
      this.write({ v: 1, attempt: record.attempt, log: [] });
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
    tryRemove(this.storage, checkpointKey(this.lab.id));
    this.write(read.record);
    const { session, attempt } = await this.rebuild(read.record);
    this.showAside('ok', 0);
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
    const read = readRecord(e.newValue);
    if (read.state === 'lost') return;
    this.written = e.newValue;
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
