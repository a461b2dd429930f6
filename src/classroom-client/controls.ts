/**
 * The instructor's controls, handed to the lab terminals on this page as
 * window 'ntlab:control' events. A reset for a lab that is not on this page
 * waits (in localStorage) until that lab opens; lock states are re-sent to a
 * lab terminal when it opens.
 */
import { CONTROL_EVENT, type LabControl } from '../stores/activity.ts';
import type { Control, LockState } from '../server/protocol.ts';
import { KEYS, readJson, writeJson, type KeyValue } from './storage.ts';

export type Dispatch = (control: LabControl) => void;

export const dispatchToPage: Dispatch = (control) => {
  window.dispatchEvent(new CustomEvent<LabControl>(CONTROL_EVENT, { detail: control }));
};

export class ControlRouter {
  private readonly store: KeyValue;
  private readonly dispatch: Dispatch;
  private readonly openLabs = new Set<string>();
  private locks: Record<string, LockState> = {};

  constructor(store: KeyValue, dispatch: Dispatch) {
    this.store = store;
    this.dispatch = dispatch;
  }

  get lastControl(): number {
    const n = readJson<unknown>(this.store, KEYS.lastControl, 0);
    return typeof n === 'number' && Number.isFinite(n) ? n : 0;
  }

  private seen(id: number): void {
    if (id > this.lastControl) writeJson(this.store, KEYS.lastControl, id);
  }

  private pendingResets(): string[] {
    const list = readJson<unknown>(this.store, KEYS.pendingResets, []);
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  }

  /** The lock states of every lab, as the server sees them now. */
  setLocks(locks: Record<string, LockState>): void {
    const before = this.locks;
    this.locks = { ...locks };
    for (const lab of this.openLabs) {
      const now = this.locks[lab];
      const was = before[lab];
      if ((now?.locked ?? false) !== (was?.locked ?? false) || (now?.message ?? '') !== (was?.message ?? '')) this.sendLock(lab);
    }
  }

  private sendLock(lab: string): void {
    const state = this.locks[lab] ?? { locked: false, message: '' };
    this.dispatch(state.message ? { kind: 'lock', lab, locked: state.locked, message: state.message } : { kind: 'lock', lab, locked: state.locked });
  }

  /** A lab terminal on this page opened (its 'open' activity). */
  labOpened(lab: string): void {
    this.openLabs.add(lab);
    if (this.locks[lab]?.locked) this.sendLock(lab);
    const pending = this.pendingResets();
    if (pending.includes(lab)) {
      writeJson(
        this.store,
        KEYS.pendingResets,
        pending.filter((l) => l !== lab),
      );
      this.dispatch({ kind: 'reset', lab });
    }
  }

  /** Apply a reset or lock; returns a broadcast for the banner (the banner knows which were dismissed). */
  apply(control: Control): Extract<Control, { kind: 'broadcast' }> | null {
    if (control.kind === 'reset' && control.id <= this.lastControl) return null;
    this.seen(control.id);
    switch (control.kind) {
      case 'broadcast':
        return control;
      case 'reset':
        if (this.openLabs.has(control.lab)) this.dispatch({ kind: 'reset', lab: control.lab });
        else {
          const pending = this.pendingResets();
          if (!pending.includes(control.lab)) writeJson(this.store, KEYS.pendingResets, [...pending, control.lab]);
        }
        return null;
      case 'lock':
        this.setLocks({ ...this.locks, [control.lab]: { locked: control.locked, message: control.message } });
        return null;
    }
  }
}
