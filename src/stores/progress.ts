/**
 * The progress summary behind the completion ticks: per lab, objectives met of total; per
 * lesson without a lab, whether it was marked read. It lives under 'ntlab:progress' so that
 * pages without a lab read it without the engine. Each lab's own work is in lab-storage.ts.
 */
import { browserStorage, tryRead, tryWrite } from './lab-storage.ts';

export interface ProgressSummary {
  labs: Record<string, { done: number; total: number }>;
  lessons: Record<string, boolean>;
}

export const PROGRESS_KEY = 'ntlab:progress';
export const PROGRESS_EVENT = 'ntlab:progress';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The summary's stored text, with every entry of the wrong shape left out. */
export function parseSummary(raw: string | null): ProgressSummary {
  const summary: ProgressSummary = { labs: Object.create(null), lessons: Object.create(null) };
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw) : {};
  } catch {
    return summary;
  }
  if (!isRecord(value)) return summary;
  if (isRecord(value.labs)) {
    for (const [id, lab] of Object.entries(value.labs)) {
      if (isRecord(lab) && count(lab.done) && count(lab.total) && lab.done <= lab.total) summary.labs[id] = { done: lab.done, total: lab.total };
    }
  }
  if (isRecord(value.lessons)) {
    for (const [id, read] of Object.entries(value.lessons)) if (read === true) summary.lessons[id] = true;
  }
  return summary;
}

export function readSummary(): ProgressSummary {
  return parseSummary(tryRead(browserStorage(), PROGRESS_KEY));
}

/** Record a lab's score for the completion ticks and tell the page. */
export function recordLabScore(id: string, done: number, total: number): void {
  const summary = readSummary();
  const old = summary.labs[id];
  if (old && old.done === done && old.total === total) return;
  summary.labs[id] = { done, total };
  // Storage unavailable: the ticks just won't persist (the lab says so itself).
  tryWrite(browserStorage(), PROGRESS_KEY, JSON.stringify(summary));
  window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: summary }));
}
