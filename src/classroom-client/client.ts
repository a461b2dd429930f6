/**
 * The student side of the classroom, added to every page by the classroom
 * server (the course site itself carries none of it). It asks once for a
 * name and the join code, records each lab activity with a stable id in an
 * outbox, sends the outbox until acknowledged, and applies the instructor's
 * controls (broadcast banner, reset, lock) to the labs on the page.
 */
import { ACTIVITY_EVENT, type LabActivity } from '../stores/activity.ts';
import type { Control, LockState } from '../server/protocol.ts';
import { Banner } from './banner.ts';
import { ControlRouter, dispatchToPage } from './controls.ts';
import { eventId } from './ids.ts';
import { askToJoin, type Joined } from './join.ts';
import { Outbox } from './queue.ts';
import { Sender } from './sender.ts';
import { StreamClient } from './sse.ts';
import { StatusBadge } from './status.ts';
import { KEYS, pageStorage, readJson, remove, writeJson } from './storage.ts';
import { trimActivity } from './trim.ts';

const DECLINED = 'ntlab.classroom.declined';
const store = pageStorage();
const outbox = new Outbox(store);
const visit = Math.random().toString(36).slice(2, 10);
const router = new ControlRouter(store, dispatchToPage);
const banner = new Banner(store);
let joined: Joined | null = null;
/** Whether the last send worked, and whether the control stream is connected. */
let linkUp = true;
let streamUp = true;
let asking = false;

function savedJoin(): Joined | null {
  const j = readJson<Partial<Joined> | null>(store, KEYS.join, null);
  return j && typeof j.studentId === 'string' && typeof j.secret === 'string' && typeof j.name === 'string'
    ? { studentId: j.studentId, secret: j.secret, name: j.name }
    : null;
}

const badge = new StatusBadge(() => void join(true));
const refresh = (): void => badge.show(joined?.name ?? null, outbox.size, linkUp && streamUp, asking);

const sender = new Sender(outbox, {
  unauthorized: () => {
    forget();
    void join(true);
  },
  status: (_waiting, up) => {
    linkUp = up;
    refresh();
  },
});

const stream = new StreamClient({
  url: () => `/api/student/stream?after=${router.lastControl}`,
  secret: () => joined?.secret ?? null,
  unauthorized: () => {
    forget();
    void join(true);
  },
  connected: (up) => {
    streamUp = up;
    refresh();
  },
  message: (m) => {
    try {
      const data = JSON.parse(m.data) as { type: string; locks?: Record<string, LockState>; control?: Control };
      if (data.type === 'hello' && data.locks) router.setLocks(data.locks);
      if (data.type === 'control' && data.control) {
        const broadcast = router.apply(data.control);
        if (broadcast) banner.show(broadcast);
      }
    } catch {
      // A malformed message is ignored; the next one may be fine.
    }
  },
});

function forget(): void {
  joined = null;
  remove(store, KEYS.join);
  sender.setCredentials(null);
  stream.stop();
  streamUp = true;
  refresh();
}

function start(j: Joined): void {
  joined = j;
  writeJson(store, KEYS.join, j);
  sender.setCredentials(j);
  stream.start();
  refresh();
}

async function join(force: boolean): Promise<void> {
  if (asking || joined) return;
  if (!force && sessionStorage.getItem(DECLINED) === '1') return;
  asking = true;
  refresh();
  try {
    let name = 'the class';
    try {
      const res = await fetch('/api/classroom', { cache: 'no-store' });
      const info = (await res.json()) as { name: string; joinRequired: boolean };
      if (!info.joinRequired) return;
      name = info.name;
    } catch {
      // The server is unreachable right now; the dialog still works once it is back.
    }
    const result = await askToJoin(name);
    if (result) start(result);
    else sessionStorage.setItem(DECLINED, '1');
  } finally {
    asking = false;
    refresh();
  }
}

/** The instructor browsing the course: no join, nothing sent. */
function isInstructor(): boolean {
  return document.querySelector('meta[name="ntlab-classroom-role"]')?.getAttribute('content') === 'instructor';
}

function listen(): void {
  window.addEventListener(ACTIVITY_EVENT, (e) => {
    const activity = (e as CustomEvent<LabActivity>).detail;
    if (!activity || typeof activity !== 'object' || typeof activity.lab !== 'string') return;
    outbox.add({ id: eventId(activity, visit), at: Date.now(), activity: trimActivity(activity) });
    refresh();
    sender.kick();
    // Let the terminal finish announcing itself before it is told about resets and locks.
    if (activity.kind === 'open') setTimeout(() => router.labOpened(activity.lab), 0);
  });
  window.addEventListener('online', () => {
    sender.kick();
    stream.start();
  });
  setInterval(() => sender.kick(), 15_000);
}

if (isInstructor()) badge.instructor();
else {
  listen();
  const saved = savedJoin();
  if (saved) start(saved);
  else void join(false);
  refresh();
}
