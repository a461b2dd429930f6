import { describe, expect, it } from 'vitest';
import { ordered, statusOf } from '../../src/classroom-client/instructor/grid.ts';
import { describe as describeEvent } from '../../src/classroom-client/instructor/replay.ts';
import { DashboardState, type Change } from '../../src/classroom-client/instructor/state.ts';
import type { DashboardSnapshot, StudentSummary } from '../../src/server/protocol.ts';
import { STUCK_RULE } from '../../src/server/stuck.ts';
import { step } from './helpers.ts';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

function student(id: string, name: string, over: Partial<StudentSummary> = {}): StudentSummary {
  return { id, name, joinedAt: NOW - 30 * MIN, lastActivityAt: NOW, events: 1, online: true, current: null, labs: {}, ...over };
}

const stuck = student('a', 'Zoe', { current: { lab: 'welcome', objective: 'start', since: NOW - 9 * MIN, failed: 0, hints: 0 } });
const working = student('b', 'Amy', {
  current: { lab: 'welcome', objective: 'query', since: NOW - MIN, failed: 1, hints: 0 },
  labs: {
    welcome: {
      lab: 'welcome',
      attempt: 0,
      met: { start: { at: NOW - 2 * MIN, hints: 0 } },
      metNow: ['start'],
      hints: {},
      rungs: {},
      solutionViews: 0,
      verified: ['start'],
      verification: 'done',
      verificationNote: '',
      wrongAnswers: 0,
      failedCommands: 1,
      steps: 3,
      resets: 0,
      firstAt: NOW - 5 * MIN,
      lastAt: NOW,
    },
  },
});
const idle = student('c', 'Max', {
  lastActivityAt: NOW - 6 * MIN,
  online: false,
  current: { lab: 'welcome', objective: 'start', since: NOW - 6 * MIN, failed: 0, hints: 0 },
});

describe('dashboard grid', () => {
  it('labels each student by the rule', () => {
    expect(statusOf(stuck, NOW).label).toBe('Stuck');
    expect(statusOf(working, NOW).label).toBe('Working');
    expect(statusOf(idle, NOW).label).toBe('Idle, offline');
    expect(statusOf(student('d', 'Dee', { online: false }), NOW).label).toBe('Offline');
  });

  it('orders students as the instructor asks', () => {
    const all = [working, idle, stuck];
    expect(ordered(all, 'joined', NOW).map((s) => s.name)).toEqual(['Amy', 'Max', 'Zoe']);
    expect(ordered(all, 'stuck', NOW).map((s) => s.name)).toEqual(['Zoe', 'Max', 'Amy']);
    expect(ordered(all, 'name', NOW).map((s) => s.name)).toEqual(['Amy', 'Max', 'Zoe']);
    expect(ordered(all, 'progress', NOW).map((s) => s.name)).toEqual(['Max', 'Zoe', 'Amy']);
  });
});

describe('dashboard state', () => {
  const snapshot: DashboardSnapshot = {
    classroom: { name: 'C', code: 'ABCDEF', addresses: [] },
    now: NOW,
    rule: STUCK_RULE,
    labs: [{ id: 'welcome', objectives: [{ id: 'start', title: 'Start' }] }],
    students: [working],
    locks: {},
    broadcasts: [],
  };

  it('redraws one row for a known student and everything when the grid’s labs change', () => {
    const state = new DashboardState(snapshot);
    const changes: Change[] = [];
    state.onChange((c) => changes.push(c));
    state.apply({ type: 'student', student: { ...working, events: 2 }, now: NOW });
    state.apply({ type: 'student', student: student('e', 'Eve'), now: NOW });
    state.apply({ type: 'student', student: { ...stuck, labs: { drivers: { ...working.labs.welcome, lab: 'drivers' } } }, now: NOW });
    state.apply({ type: 'labs', labs: [...snapshot.labs, { id: 'drivers', objectives: [{ id: 'load', title: 'Load' }] }] });
    state.apply({ type: 'control', control: { id: 1, kind: 'lock', lab: 'welcome', locked: true, message: 'm', at: NOW } });
    expect(changes).toEqual([{ kind: 'student', id: 'b' }, { kind: 'student', id: 'e' }, { kind: 'student', id: 'a' }, { kind: 'all' }, { kind: 'locks' }]);
    expect(state.gridLabs().map((l) => l.id)).toEqual(['drivers', 'welcome']);
    expect(state.allLabs().map((l) => l.id)).toEqual(['drivers', 'welcome']);
    expect(state.locks.welcome).toEqual({ locked: true, message: 'm' });
  });

  it('makes no column of a lab only a student’s progress names (a forged page cannot fill the grid)', () => {
    const state = new DashboardState(snapshot);
    const junk = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`junk-${i}`, { ...working.labs.welcome, lab: `junk-${i}`, met: { x: { at: NOW, hints: 0 } } }]),
    );
    state.apply({ type: 'student', student: { ...working, labs: { ...working.labs, ...junk } }, now: NOW });
    expect(state.gridLabs().map((l) => l.id)).toEqual(['welcome']);
    expect(state.allLabs().map((l) => l.id)).toEqual(['welcome']);
  });
});

describe('labs nobody opened yet', () => {
  it('are listed for locking but kept out of the grid', () => {
    const state = new DashboardState({
      classroom: { name: 'C', code: 'ABCDEF', addresses: [] },
      now: NOW,
      rule: STUCK_RULE,
      labs: [
        { id: 'race-0x3b', objectives: [{ id: 'analyze', title: 'Analyze' }] },
        { id: 'welcome', objectives: [{ id: 'start', title: 'Start' }] },
      ],
      students: [working],
      locks: {},
      broadcasts: [],
    });
    expect(state.allLabs().map((l) => l.id)).toEqual(['race-0x3b', 'welcome']);
    expect(state.gridLabs().map((l) => l.id)).toEqual(['welcome']);
  });
});

describe('replay lines', () => {
  it('shows a command with its status, output and lab events', () => {
    const line = describeEvent({ seq: 1, studentId: 's', id: 'x', at: NOW, received: NOW, activity: step(3, 'sc start foo', 1058) });
    expect(line).toBe('console> sc start foo  [status 1058]\noutput of sc start foo\n    events: console.command');
  });
});
