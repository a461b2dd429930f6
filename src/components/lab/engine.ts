/**
 * The lab's engine, loaded apart from the terminal (a chunk of its own, fetched while xterm.js
 * paints): the lab's definition, its session rebuilt from the stored work, and the adapter the
 * line discipline runs lines against.
 */
import { loadLab } from '../../../labs/registry.ts';
import type { LabDefinition } from '../../lab/schema.ts';
import { LabSession, type Pane, type Step } from '../../lab/session.ts';
import { paneHandler, sessionHandler } from '../../terminal/session-handler.ts';
import type { UnpackedAhead } from '../../stores/lab-storage.ts';
import type { LineHandler } from '../../terminal/types.ts';
import { LabPersistence } from './persistence.ts';

export interface OpenedLab {
  readonly lab: LabDefinition;
  readonly session: LabSession;
  readonly attempt: number;
  /** The lab's stored record (it says itself what it could not restore). */
  readonly persist: LabPersistence;
}

/** The lab `id` as the student left it, or null when this build has no such lab. */
export async function openLab(id: string, host: HTMLElement, ahead: UnpackedAhead | null = null): Promise<OpenedLab | null> {
  const lab = await loadLab(id);
  if (!lab) return null;
  const persist = new LabPersistence(lab, host, ahead);
  const { session, attempt } = await persist.open();
  return { lab, session, attempt, persist };
}

export function freshSession(lab: LabDefinition): LabSession {
  return new LabSession(lab);
}

export function handlerFor(session: LabSession, onStep: (step: Step) => void): LineHandler {
  return sessionHandler(session, onStep);
}

export function paneHandlerFor(session: LabSession, pane: Pane, events: Parameters<typeof paneHandler>[2]): LineHandler {
  return paneHandler(session, pane, events);
}
