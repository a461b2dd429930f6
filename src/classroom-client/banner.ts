/**
 * The instructor's broadcast, shown at the top of the page. It is announced to
 * screen readers (role=alert), and dismissed with its button or Escape; a
 * dismissed message stays dismissed across pages.
 */
import type { Control } from '../server/protocol.ts';
import { KEYS, readJson, writeJson, type KeyValue } from './storage.ts';

export class Banner {
  private readonly store: KeyValue;
  private element: HTMLElement | null = null;

  constructor(store: KeyValue) {
    this.store = store;
  }

  show(message: Extract<Control, { kind: 'broadcast' }>): void {
    const dismissed = readJson<unknown>(this.store, KEYS.dismissed, 0);
    if (typeof dismissed === 'number' && message.id <= dismissed) return;
    this.close();
    const box = document.createElement('div');
    box.className = 'ntlab-classroom-banner';
    box.setAttribute('role', 'alert');
    box.dataset.control = String(message.id);
    const label = document.createElement('strong');
    label.textContent = 'From your instructor: ';
    const text = document.createElement('span');
    text.className = 'ntlab-classroom-banner-text';
    text.textContent = message.message;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Dismiss';
    button.setAttribute('aria-label', 'Dismiss the instructor’s message');
    const dismiss = (): void => {
      writeJson(this.store, KEYS.dismissed, message.id);
      const hadFocus = box.contains(document.activeElement);
      this.close();
      if (hadFocus) document.body.focus();
    };
    button.addEventListener('click', dismiss);
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        dismiss();
      }
    });
    box.append(label, text, button);
    document.body.prepend(box);
    this.element = box;
  }

  close(): void {
    this.element?.remove();
    this.element = null;
  }
}
