/** The instructor dashboard: first drawn from the page's snapshot, then kept live over server-sent events. */
import type { DashboardSnapshot, InstructorMessage } from '../../server/protocol.ts';
import { Detail } from './detail.ts';
import { Grid, type Order } from './grid.ts';
import { renderLocks, wireBroadcast } from './pace.ts';
import { DashboardState } from './state.ts';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the dashboard page has no #${id}`);
  return el as T;
}

const snapshot = JSON.parse(byId('snapshot').textContent ?? '{}') as DashboardSnapshot;
const state = new DashboardState(snapshot);
const detail = new Detail(byId('detail-panel'), byId('detail'), byId('detail-title'), state);
const grid = new Grid(byId('grid'), state, (id) => void detail.open(id));
const locksRoot = byId('locks');
const connection = byId('connection');
let lockLabs = '';

function drawLocks(force: boolean): void {
  const key = state
    .allLabs()
    .map((l) => l.id)
    .join();
  if (!force && key === lockLabs) return;
  lockLabs = key;
  renderLocks(locksRoot, state);
}

state.onChange((change) => {
  switch (change.kind) {
    case 'all':
      grid.render();
      drawLocks(true);
      detail.tick();
      return;
    case 'student':
      grid.update(change.id);
      detail.update(change.id);
      drawLocks(false);
      return;
    case 'locks':
      drawLocks(true);
      return;
    case 'broadcast':
      return;
  }
});

wireBroadcast(byId('broadcast-form'), byId('broadcast-text'), byId('broadcast-status'));
const order = byId<HTMLSelectElement>('grid-order');
order.addEventListener('change', () => {
  grid.order = order.value as Order;
  grid.render();
});
grid.render();
drawLocks(true);

const source = new EventSource('/api/stream');
for (const type of ['snapshot', 'student', 'labs', 'control']) {
  source.addEventListener(type, (e) => {
    try {
      state.apply(JSON.parse((e as MessageEvent<string>).data) as InstructorMessage);
    } catch {
      // Ignore a message that does not parse; the next snapshot will set things right.
    }
  });
}
source.addEventListener('open', () => {
  connection.textContent = 'Live';
  connection.dataset.state = 'live';
});
source.addEventListener('error', () => {
  connection.textContent = 'Reconnecting to the classroom server…';
  connection.dataset.state = 'down';
});

setInterval(() => {
  grid.tick();
  detail.tick();
}, 5_000);
