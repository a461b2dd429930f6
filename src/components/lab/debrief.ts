/** Render a lab's debrief (src/lab/debrief.ts) into the panel's [data-debrief] section. */
import { buildDebrief } from '../../lab/debrief.ts';
import type { LabDefinition } from '../../lab/schema.ts';
import type { LabSession } from '../../lab/session.ts';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/**
 * Show the debrief when every objective is met or the student asked to finish;
 * returns whether it is shown. Built from the session's events, so it says what
 * this student did, in their own commands.
 */
export function renderDebrief(root: HTMLElement, lab: LabDefinition, session: LabSession, finished: boolean): boolean {
  const section = root.querySelector<HTMLElement>('[data-debrief]');
  const body = section?.querySelector<HTMLElement>('[data-debrief-body]');
  if (!section || !body) return false;
  const statuses = session.objectives();
  // Built only when shown: it reads every event, and this runs after each change.
  const show = finished || statuses.every((s) => s.done);
  section.hidden = !show;
  if (!show) return false;
  const debrief = buildDebrief(lab, statuses, session.events);
  const summary = el(
    'p',
    `${debrief.done} of ${debrief.total} objectives met, with ${debrief.hints} hint${debrief.hints === 1 ? '' : 's'}${debrief.solutionViewed ? ' and the model solution opened' : ''}.`,
  );
  const parts = debrief.parts.map((part) => {
    const item = el('section', undefined, part.complete ? 'lab-debrief-part is-done' : 'lab-debrief-part');
    const heading = el('h4', part.title);
    if (part.claims.length > 0) heading.append(' ', el('span', `(article claims ${part.claims.join(', ')})`, 'lab-debrief-claims'));
    const steps = el('ul');
    for (const step of part.steps) {
      const li = el('li');
      li.append(el('span', `${step.done ? 'Done' : 'Not done'}: ${step.title}`));
      if (step.did) li.append(' ', el('code', step.did));
      steps.append(li);
    }
    const shows = el('p');
    shows.append(el('strong', 'What it shows: '), part.shows);
    const real = el('p');
    real.append(el('strong', 'On a real machine: '), part.realMachine);
    item.append(heading, steps, shows, real);
    return item;
  });
  body.replaceChildren(summary, ...parts);
  return true;
}
