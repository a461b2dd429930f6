/** The instructor's grades: CSV (a row per student × objective) and JSON (everything). */
import type { ClassroomModel } from './model.ts';
import type { StoredEvent, StudentSummary } from './protocol.ts';
import { STUCK_RULE, isStuck } from './stuck.ts';

export interface ObjectiveRow {
  readonly studentId: string;
  readonly student: string;
  readonly lab: string;
  readonly objective: string;
  readonly title: string;
  /** Met and counted: the page reported it and the server's replay of the student's log confirmed it. */
  readonly met: boolean;
  readonly metAt: string;
  /** The student's page reported it met. */
  readonly reported: boolean;
  /** The server's own replay of the student's input log met it. */
  readonly verified: boolean;
  readonly hints: number;
  /** Hints taken on it per rung: nudge, where to look, how to reason, gives it away. */
  readonly hintRungs: readonly [number, number, number, number];
  /** Times the student opened the lab's model solution (per lab, repeated on each of its rows). */
  readonly solutionViews: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const rungsOf = (counts: readonly number[] | undefined): [number, number, number, number] =>
  [0, 1, 2, 3].map((i) => counts?.[i] ?? 0) as [number, number, number, number];

/** Every student × objective of every lab the class has seen. */
export function objectiveRows(model: ClassroomModel, students: readonly StudentSummary[]): ObjectiveRow[] {
  const rows: ObjectiveRow[] = [];
  const labs = model.labs();
  for (const s of students) {
    const labIds = new Set([...labs.map((l) => l.id), ...Object.keys(s.labs)]);
    for (const lab of [...labIds].sort()) {
      const progress = s.labs[lab];
      const objectives = [...model.objectivesOf(lab)];
      for (const id of Object.keys(progress?.met ?? {})) {
        if (!objectives.some((o) => o.id === id)) objectives.push({ id, title: '' });
      }
      for (const o of objectives) {
        const reported = progress?.met[o.id];
        const verified = progress?.verified.includes(o.id) ?? false;
        // A page-reported objective the replay did not confirm is never counted.
        const met = verified ? reported : undefined;
        rows.push({
          studentId: s.id,
          student: s.name,
          lab,
          objective: o.id,
          title: o.title,
          met: met !== undefined,
          metAt: met ? iso(met.at) : '',
          hints: reported ? reported.hints : (progress?.hints[o.id] ?? 0),
          reported: reported !== undefined,
          verified,
          hintRungs: rungsOf(progress?.rungs?.[o.id]),
          solutionViews: progress?.solutionViews ?? 0,
        });
      }
    }
  }
  return rows;
}

/**
 * One CSV field: a leading = + - @ (or tab, CR) is defused so a spreadsheet
 * shows text, not a formula; quoted when it holds a comma, quote or line break,
 * and also a semicolon or tab, which spreadsheets in many locales split on
 * (`Ana;=HYPERLINK(…)` would otherwise open as a second cell holding a formula).
 */
export function csvField(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly ObjectiveRow[]): string {
  const header =
    'student_id,student,lab,objective,objective_title,met,met_at,hints,hints_nudge,hints_where_to_look,hints_how_to_reason,hints_gives_away,solution_views,reported,verified';
  const lines = rows.map((r) =>
    [
      r.studentId,
      r.student,
      r.lab,
      r.objective,
      r.title,
      r.met ? 'yes' : 'no',
      r.metAt,
      r.hints,
      ...r.hintRungs,
      r.solutionViews,
      r.reported ? 'yes' : 'no',
      r.verified ? 'yes' : 'no',
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

export interface JsonExport {
  readonly classroom: { readonly name: string };
  readonly exportedAt: string;
  readonly rule: string;
  readonly labs: ReturnType<ClassroomModel['labs']>;
  readonly students: readonly {
    readonly id: string;
    readonly name: string;
    readonly joinedAt: string;
    readonly stuck: boolean;
    readonly objectives: readonly Omit<ObjectiveRow, 'studentId' | 'student'>[];
    readonly progress: StudentSummary['labs'];
    readonly events: readonly { id: string; at: string; received: string; activity: StoredEvent['activity'] }[];
  }[];
}

/** Events of one student in commit order, read a page at a time. */
export type EventPages = (studentId: string, afterSeq: number) => readonly StoredEvent[];

function* eventsOf(pages: EventPages, studentId: string): Generator<StoredEvent> {
  let after = 0;
  for (;;) {
    const page = pages(studentId, after);
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1].seq;
  }
}

/**
 * The JSON export (shape: JsonExport) as a sequence of text pieces, each
 * student's events read a page at a time: a class's whole history can be far
 * larger than one string may be (about 512 MB in V8), and it is never held at once.
 */
export function* jsonExport(name: string, model: ClassroomModel, students: readonly StudentSummary[], pages: EventPages, now: number): Generator<string> {
  const rowsOf = new Map<string, ObjectiveRow[]>();
  for (const r of objectiveRows(model, students)) {
    const list = rowsOf.get(r.studentId);
    if (list) list.push(r);
    else rowsOf.set(r.studentId, [r]);
  }
  const json = JSON.stringify;
  yield `{"classroom":${json({ name })},"exportedAt":${json(iso(now))},"rule":${json(STUCK_RULE.text)},"labs":${json(model.labs())},"students":[`;
  for (const [i, s] of students.entries()) {
    const head = {
      id: s.id,
      name: s.name,
      joinedAt: iso(s.joinedAt),
      stuck: isStuck(s, now),
      objectives: (rowsOf.get(s.id) ?? []).map(({ studentId: _id, student: _name, ...row }) => row),
      progress: s.labs,
    };
    yield `${i > 0 ? ',' : ''}${json(head).slice(0, -1)},"events":[`;
    let first = true;
    for (const e of eventsOf(pages, s.id)) {
      yield `${first ? '' : ','}${json({ id: e.id, at: iso(e.at), received: iso(e.received), activity: e.activity })}`;
      first = false;
    }
    yield ']}';
  }
  yield ']}';
}

/** A student's timeline, `{"student", "events"}`, as text pieces read a page of events at a time. */
export function* timelineJson(student: StudentSummary, pages: EventPages): Generator<string> {
  yield `{"student":${JSON.stringify(student)},"events":[`;
  let first = true;
  for (const e of eventsOf(pages, student.id)) {
    yield `${first ? '' : ','}${JSON.stringify(e)}`;
    first = false;
  }
  yield ']}';
}

/** A byte stream of text pieces, sent in chunks of about `size` bytes as the client reads. */
export function textStream(pieces: Iterator<string>, size = 64 * 1024): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = '';
      while (chunk.length < size) {
        const next = pieces.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}
