/**
 * The join step: a modal dialog asking once for a display name and the join
 * code. Resolves with the credentials, or null when the student chose "Not now".
 */
import type { ApiError } from '../server/protocol.ts';
import { LIMITS } from '../server/protocol.ts';
import type { Credentials } from './sender.ts';

export interface Joined extends Credentials {
  readonly name: string;
}

function field(id: string, label: string, input: HTMLInputElement): HTMLElement {
  const wrap = document.createElement('p');
  const l = document.createElement('label');
  l.htmlFor = id;
  l.textContent = label;
  input.id = id;
  wrap.append(l, input);
  return wrap;
}

async function requestJoin(name: string, code: string): Promise<Joined | string> {
  let res: Response;
  try {
    res = await fetch('/api/join', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, code }),
    });
  } catch {
    return 'The classroom server cannot be reached. Check the Wi-Fi and try again.';
  }
  if (res.status === 201) {
    const body = (await res.json()) as { studentId: string; secret: string; name: string };
    return { studentId: body.studentId, secret: body.secret, name: body.name };
  }
  const error = (await res.json().catch(() => null)) as ApiError | null;
  if (res.status === 403) return 'That join code is wrong. Ask your instructor for the code on the screen.';
  // Too many wrong codes, or too many joins from this machine: the server says which.
  if (res.status === 429) return error?.message ?? 'Too many tries. Wait a minute, then try again.';
  return error?.message ?? `The server refused to join (${res.status}).`;
}

export function askToJoin(className: string): Promise<Joined | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'ntlab-classroom-join';
    dialog.setAttribute('aria-labelledby', 'ntlab-join-title');
    dialog.setAttribute('aria-describedby', 'ntlab-join-help');
    const form = document.createElement('form');
    form.method = 'dialog';
    const title = document.createElement('h2');
    title.id = 'ntlab-join-title';
    title.textContent = `Join ${className}`;
    const help = document.createElement('p');
    help.id = 'ntlab-join-help';
    help.textContent = 'Your instructor will see your progress in the labs under this name. You are asked only once.';
    const name = document.createElement('input');
    name.name = 'name';
    name.required = true;
    name.maxLength = LIMITS.name;
    name.setAttribute('autocomplete', 'nickname');
    const code = document.createElement('input');
    code.name = 'code';
    code.required = true;
    code.maxLength = 32;
    code.autocomplete = 'off';
    code.setAttribute('autocapitalize', 'characters');
    code.spellcheck = false;
    const error = document.createElement('p');
    error.className = 'ntlab-classroom-error';
    error.setAttribute('role', 'alert');
    const join = document.createElement('button');
    join.type = 'submit';
    join.textContent = 'Join';
    const later = document.createElement('button');
    later.type = 'button';
    later.textContent = 'Not now';
    const buttons = document.createElement('p');
    buttons.className = 'ntlab-classroom-buttons';
    buttons.append(join, later);
    form.append(title, help, field('ntlab-join-name', 'Your name', name), field('ntlab-join-code', 'Join code', code), error, buttons);
    dialog.append(form);
    document.body.append(dialog);

    let settled = false;
    const finish = (result: Joined | null): void => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    later.addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', () => finish(null));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      join.disabled = true;
      error.textContent = '';
      void requestJoin(name.value, code.value).then((result) => {
        join.disabled = false;
        if (typeof result === 'string') {
          error.textContent = result;
          (result.includes('code') ? code : name).focus();
        } else finish(result);
      });
    });
    dialog.showModal();
    name.focus();
  });
}
