/**
 * The classroom checks grades itself: forged objective events from a student
 * who typed nothing stay unverified (exported as such, flagged, not counted);
 * a real student's input log, replayed by the server, verifies what it met.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import welcome from '../../labs/welcome/lab.ts';
import type { JsonExport } from '../../src/server/export.ts';
import type { RunningClassroom } from '../../src/server/start.ts';
import type { LabActivity } from '../../src/stores/activity.ts';
import { ClassroomModel } from '../../src/server/model.ts';
import { Verifier } from '../../src/server/verifier.ts';
import { auth, call, join, postJson, startTest, wire } from './helpers.ts';

let server: RunningClassroom;
let base: string;
const labs = [{ id: 'welcome', objectives: welcome.objectives.map((o) => ({ id: o.id, title: o.title })) }];

beforeAll(async () => {
  server = await startTest({ labs });
  base = server.origin;
});
afterAll(async () => {
  await server.close();
});

const exportJson = async (): Promise<JsonExport> => (await call(base, '/api/export.json', auth(server.classroom.token))).body as JsonExport;
const objective = (index: number, id: string): LabActivity => ({
  lab: 'welcome',
  attempt: 0,
  index,
  kind: 'objective',
  objective: id,
  title: id,
  hintsTaken: 0,
});
const input = (index: number, text: string): LabActivity => ({ lab: 'welcome', attempt: 0, index, kind: 'input', entry: { kind: 'line', text } });

describe('server-side verification', () => {
  it('leaves forged objectives unverified and uncounted, and verifies a real log', async () => {
    const forger = await join(base, server.classroom.code, 'Forger');
    const forged = welcome.objectives.map((o, i) => wire(objective(i, o.id)));
    expect((await postJson(base, '/api/events', { events: forged }, forger.secret)).status).toBe(200);

    const real = await join(base, server.classroom.code, 'Real');
    const lines = ['help', 'help ver', 'lab answer aids b'];
    const events = [
      ...lines.map((l, i) => wire(input(i, l))),
      wire(objective(0, 'list-commands')),
      wire(objective(1, 'command-help')),
      wire(objective(2, 'aids')),
    ];
    expect((await postJson(base, '/api/events', { events }, real.secret)).status).toBe(200);
    await server.classroom.verifier.idle();

    const exported = await exportJson();
    const rows = (name: string) => exported.students.find((s) => s.name === name)?.objectives ?? [];
    expect(rows('Forger').every((r) => r.reported && !r.verified && !r.met)).toBe(true);
    expect(rows('Forger')).toHaveLength(welcome.objectives.length);
    expect(
      rows('Real')
        .filter((r) => r.met)
        .map((r) => r.objective),
    ).toEqual(['list-commands', 'command-help', 'aids']);
    expect(rows('Real').every((r) => r.met === r.verified)).toBe(true);

    const csv = (await call(base, '/api/export.csv', auth(server.classroom.token))).text.split('\r\n');
    expect(csv.find((l) => l.includes(',Forger,welcome,aids,'))).toMatch(/,no,,0,0,0,0,0,0,yes,no$/);
    expect(csv.find((l) => l.includes(',Real,welcome,aids,'))).toMatch(/,yes,\d{4}-[^,]+,0,0,0,0,0,0,yes,yes$/);

    // The summary the dashboard renders: the forger is not done, and its claims are known unverified.
    const forgerSummary = server.classroom.summary(forger.studentId);
    expect(forgerSummary?.labs.welcome).toMatchObject({ verified: [], verification: 'done' });
    expect([...(server.classroom.summary(real.studentId)?.labs.welcome.verified ?? [])].sort()).toEqual(['aids', 'command-help', 'list-commands']);
  });

  it('does not verify an objective the student’s commands never met', async () => {
    const s = await join(base, server.classroom.code, 'Long');
    const events = Array.from({ length: 60 }, (_, i) => wire(input(i, 'ver')));
    await postJson(base, '/api/events', { events: events.slice(0, 50) }, s.secret);
    await postJson(base, '/api/events', { events: [...events.slice(50), wire(objective(60, 'list-commands'))] }, s.secret);
    await server.classroom.verifier.idle();
    const p = server.classroom.summary(s.studentId)?.labs.welcome;
    expect(p?.verified).toEqual([]);
    expect(p?.verification).toBe('done');
  });
});

describe('the verifier', () => {
  it('replays no more than its step budget, and notes it', async () => {
    const model = new ClassroomModel();
    model.seedLabs(labs);
    model.addStudent({ id: 's1', name: 'A', joinedAt: 0 });
    let seq = 0;
    const apply = (activity: LabActivity) => model.apply({ seq: ++seq, studentId: 's1', id: `e${seq}`, at: seq, received: seq, activity });
    // 'help' would meet list-commands, but only the first entry fits the budget.
    apply(input(0, 'ver'));
    apply(input(1, 'help'));
    apply(objective(1, 'list-commands'));
    const changed: string[] = [];
    const verifier = new Verifier(model, (id) => changed.push(id), { budget: 1 });
    verifier.kick();
    await verifier.idle();
    await verifier.close();
    const p = model.summary('s1', false)?.labs.welcome;
    expect(p).toMatchObject({ verified: [], verification: 'done', verificationNote: 'replayed the first 1 of 2 entries' });
    expect(changed).toEqual(['s1']);
  });
});
