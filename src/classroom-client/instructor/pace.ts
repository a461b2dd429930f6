/** Broadcast a message and lock or unlock labs for the whole room. */
import { h, postJson } from './dom.ts';
import type { DashboardState } from './state.ts';

export function wireBroadcast(form: HTMLFormElement, input: HTMLInputElement, status: HTMLElement): void {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const message = input.value.trim();
    if (!message) return;
    void postJson('/api/broadcast', { message }).then((r) => {
      status.textContent = r.ok ? `Sent to every student: “${message}”` : `Not sent: ${r.message}`;
      if (r.ok) input.value = '';
    });
  });
}

export function renderLocks(root: HTMLElement, state: DashboardState): void {
  const labs = state.allLabs();
  if (labs.length === 0) {
    root.replaceChildren(h('p', { className: 'note' }, 'Labs appear here once a student opens one.'));
    return;
  }
  const status = h('p', { className: 'note', role: 'status', 'aria-live': 'polite' });
  const rows = labs.map((lab) => {
    const lock = state.locks[lab.id] ?? { locked: false, message: '' };
    const inputId = `lock-msg-${lab.id}`;
    const message = h('input', { id: inputId, maxlength: 500, placeholder: 'optional message', value: lock.message });
    const toggle = async (): Promise<void> => {
      const r = await postJson(`/api/labs/${encodeURIComponent(lab.id)}/lock`, { locked: !lock.locked, message: message.value.trim() });
      status.textContent = r.ok ? `${lab.id} ${lock.locked ? 'unlocked' : 'locked'}.` : `Not changed: ${r.message}`;
    };
    return h(
      'li',
      { className: lock.locked ? 'locked' : '' },
      h('strong', {}, lab.id),
      ` ${lock.locked ? 'locked' : 'open'} `,
      h('label', { for: inputId, className: 'sr' }, `Message for ${lab.id}`),
      message,
      h('button', { type: 'button', onclick: () => void toggle() }, lock.locked ? `Unlock ${lab.id}` : `Lock ${lab.id}`),
    );
  });
  root.replaceChildren(h('h3', {}, 'Labs'), h('ul', { className: 'locks' }, ...rows), status);
}
