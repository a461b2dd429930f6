/** Fit an activity inside the server's limits before it is queued (long output is cut, marked). */
import type { ActivityEvent, LabActivity } from '../stores/activity.ts';
import { LIMITS } from '../server/protocol.ts';

const MARK = '\n[output cut by the classroom client]';

export function clip(text: string, max: number, mark = ''): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - mark.length)) + mark;
}

function labEvents(events: readonly ActivityEvent[]): ActivityEvent[] {
  const list = events.slice(0, LIMITS.labEvents);
  if (JSON.stringify(list).length <= LIMITS.labEventsJson) return [...list];
  return list.map((e) => ({ type: clip(String(e.type), 100), seq: e.seq, time: e.time }));
}

export function trimActivity(a: LabActivity): LabActivity {
  switch (a.kind) {
    case 'step':
      return {
        ...a,
        program: clip(a.program, LIMITS.program),
        input: clip(a.input, LIMITS.input),
        output: clip(a.output, LIMITS.output, MARK),
        events: labEvents(a.events),
      };
    case 'objective':
      return { ...a, title: clip(a.title, LIMITS.title) };
    case 'answer':
      return { ...a, answer: clip(a.answer, LIMITS.answer) };
    case 'open':
      return {
        ...a,
        objectives: a.objectives.slice(0, LIMITS.objectivesPerLab).map((o) => ({ id: o.id, title: clip(o.title, LIMITS.title) })),
      };
    default:
      return a;
  }
}
