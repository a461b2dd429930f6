/** Keep the server-rendered objectives panel in step with the session. */
import type { LabSession } from '../../lab/session.ts';
import { rungName, type LabDefinition } from '../../lab/schema.ts';
import { progressText, type AnnounceState } from './announce.ts';

/** A hint as the panel shows it: "Nudge: …", "Where to look: …", "How to reason: …", "Gives it away: …". */
export function hintLine(level: number, text: string): string {
  return `${rungName(level)}: ${text}`;
}

/** Set an element's text only when it changes (no needless style and layout work). */
function setText(el: Element | null | undefined, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Renders the panel; returns what it showed, for the live announcement. */
export function renderPanel(root: HTMLElement, lab: LabDefinition, session: LabSession): AnnounceState & { lastFeedback: string } {
  const statuses = session.objectives();
  const done = statuses.filter((s) => s.done).length;
  const bar = root.querySelector<HTMLElement>('[data-lab-progress]');
  if (bar) {
    bar.setAttribute('aria-valuenow', String(done));
    bar.setAttribute('aria-valuetext', progressText(done, statuses.length));
    bar.style.setProperty('--lab-done', String(statuses.length ? done / statuses.length : 0));
    setText(bar.querySelector('[data-lab-progress-label]'), progressText(done, statuses.length));
  }
  // The current objective: the first one not met yet, marked in the list and named in the bar.
  const current = statuses.find((s) => !s.done);
  setText(root.querySelector('[data-bar-count]'), `${done}/${statuses.length}`);
  setText(root.querySelector('[data-bar-kicker]'), current ? 'Now:' : 'Done:');
  setText(root.querySelector('[data-bar-now]'), current ? current.title : 'every objective is met');
  // The event log's index by type: no pass over every event on each change.
  const answers = session.machine.events.of('lab.answer');
  let lastFeedback = '';
  const latest = answers.at(-1);
  for (const status of statuses) {
    const item = root.querySelector<HTMLElement>(`[data-objective="${status.id}"]`);
    if (!item) continue;
    item.classList.toggle('is-done', status.done);
    item.classList.toggle('is-current', status === current);
    if (status === current) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
    setText(item.querySelector('[data-state]'), status.done ? 'done' : 'not yet');
    const why = item.querySelector<HTMLElement>('[data-why]');
    if (why) {
      setText(why, status.done ? '' : status.why);
      why.hidden = status.done || !status.why;
    }
    const objective = lab.objectives.find((o) => o.id === status.id);
    const hints = item.querySelector<HTMLElement>('[data-hints]');
    if (hints && objective && hints.childElementCount !== status.hintsTaken) {
      const shown = objective.hints.slice(0, status.hintsTaken);
      hints.replaceChildren(
        ...shown.map((text, i) => {
          const li = document.createElement('li');
          li.textContent = hintLine(i + 1, text);
          return li;
        }),
      );
      hints.hidden = shown.length === 0;
    }
    const hintButton = item.querySelector<HTMLButtonElement>('[data-hint]');
    if (hintButton) {
      // A met objective needs no hint: the button goes, the hints already taken stay.
      hintButton.hidden = status.done;
      const total = status.hintsTotal;
      hintButton.disabled = status.done || status.hintsTaken >= total;
      // The rung that gives the objective away says so before it is taken.
      setText(
        hintButton.querySelector('[data-hint-label]') ?? hintButton,
        status.hintsTaken >= total ? 'No more hints' : status.hintsTaken === 3 ? `Give it away (4/${total})` : `Hint (${status.hintsTaken}/${total})`,
      );
    }
    const feedback = item.querySelector<HTMLElement>('[data-feedback]');
    if (feedback && objective?.kind === 'question') {
      const last = [...answers].reverse().find((e) => e.type === 'lab.answer' && e.objective === status.id);
      if (last && last.type === 'lab.answer') {
        setText(feedback, `${last.correct ? 'Correct.' : 'Not quite.'} ${last.feedback}`);
        feedback.dataset.correct = String(last.correct);
        feedback.hidden = false;
        if (last === latest) lastFeedback = feedback.textContent ?? '';
      } else {
        feedback.hidden = true;
      }
      // A question opens once its evidence exists; a capped one closes when its attempts run out.
      item.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button[type="submit"]').forEach((el) => {
        el.disabled = status.done || !status.open;
      });
      const attempts = item.querySelector<HTMLElement>('[data-attempts]');
      if (attempts) {
        attempts.textContent = status.attemptsLeft === null || status.done ? '' : `Attempts left: ${status.attemptsLeft}`;
        attempts.hidden = attempts.textContent === '';
      }
      // A question met (in the panel or with `lab answer`) shows the answer that met it.
      const right = status.done ? [...answers].reverse().find((e) => e.type === 'lab.answer' && e.objective === status.id && e.correct) : undefined;
      if (right && right.type === 'lab.answer') showAnswer(item, right.answer);
    }
  }
  const hints = Object.fromEntries(statuses.map((s) => [s.id, s.hintsTaken]));
  return { met: statuses.filter((s) => s.done).map((s) => s.id), total: statuses.length, answers: answers.length, hints, lastFeedback };
}

/** Put `answer` in a question's form: its choice checked, or its text in the box. */
function showAnswer(item: HTMLElement, answer: string): void {
  const given = answer.trim().toLowerCase();
  const inputs = [...item.querySelectorAll<HTMLInputElement>('input[name="answer"]')];
  for (const input of inputs) {
    if (input.type === 'radio') input.checked = input.value.toLowerCase() === given;
    else if (!input.value) input.value = answer.trim();
  }
}
