/** Building DOM without innerHTML: every string becomes a text node, so student text is always escaped. */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'className') el.className = String(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** Replace `old` by `next`, keeping keyboard focus on the element with the same data-focus key. */
export function swap(old: Element, next: Element): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && old.contains(active) ? active.dataset.focus : undefined;
  old.replaceWith(next);
  if (key) {
    const again = next.querySelector<HTMLElement>(`[data-focus="${CSS.escape(key)}"]`);
    again?.focus();
  }
}

export async function postJson(url: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    if (res.ok) return { ok: true, message: '' };
    const err = (await res.json().catch(() => null)) as { message?: string } | null;
    return { ok: false, message: err?.message ?? `The server answered ${res.status}.` };
  } catch {
    return { ok: false, message: 'The classroom server cannot be reached.' };
  }
}
