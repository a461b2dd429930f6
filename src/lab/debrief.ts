/**
 * A lab's debrief, built from the session: for each part the lab defines, the
 * objectives it draws on, the student's own lines that met them (or the answer
 * they gave), the article's claims that evidence bears on, and the real-machine
 * equivalent. Pure data: the panel renders it, tests read it.
 */
import type { LabEvent } from '../base/events.ts';
import type { ObjectiveStatus } from './grader.ts';
import type { LabDefinition } from './schema.ts';

export interface DebriefStep {
  readonly objective: string;
  readonly title: string;
  readonly done: boolean;
  /** What the student did that met it: the line they typed, or 'answered: …'; '' when not met. */
  readonly did: string;
}

export interface DebriefPart {
  readonly title: string;
  readonly claims: readonly string[];
  readonly steps: readonly DebriefStep[];
  readonly shows: string;
  readonly realMachine: string;
  /** Every objective of this part is met. */
  readonly complete: boolean;
}

export interface Debrief {
  readonly lab: string;
  readonly title: string;
  readonly done: number;
  readonly total: number;
  /** Hints taken over the whole lab, and whether the model solution was opened. */
  readonly hints: number;
  readonly solutionViewed: boolean;
  readonly parts: readonly DebriefPart[];
}

/** What met an objective: the last line submitted before the event that met it, or the answer event itself. */
function whatMet(status: ObjectiveStatus, events: readonly LabEvent[]): string {
  if (!status.done || status.metAt === null) return '';
  const at = status.metAt;
  const answer = events[at];
  const line = events.slice(0, at).findLast((e) => e.type === 'session.line');
  if (answer?.type === 'lab.answer' && (line?.type !== 'session.line' || !/\blab\s+answer\b/i.test(line.line))) return `answered: ${answer.answer}`;
  return line?.type === 'session.line' ? line.line : '';
}

export function buildDebrief(lab: LabDefinition, statuses: readonly ObjectiveStatus[], events: readonly LabEvent[]): Debrief {
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const parts = (lab.debrief ?? []).map((item) => {
    const steps = item.objectives.flatMap((id) => {
      const s = byId.get(id);
      return s ? [{ objective: id, title: s.title, done: s.done, did: whatMet(s, events) }] : [];
    });
    return { title: item.title, claims: item.claims, steps, shows: item.shows, realMachine: item.realMachine, complete: steps.every((s) => s.done) };
  });
  return {
    lab: lab.id,
    title: lab.title,
    done: statuses.filter((s) => s.done).length,
    total: statuses.length,
    hints: events.filter((e) => e.type === 'lab.hint').length,
    solutionViewed: events.some((e) => e.type === 'lab.solution'),
    parts,
  };
}
