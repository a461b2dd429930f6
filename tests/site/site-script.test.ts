/**
 * The inline page script (src/components/site/site-script.js) run against a small fake
 * window and document: theme resolution, completion rules, the toggle and "Mark as read".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const source = readFileSync(join(import.meta.dirname, '../../src/components/site/site-script.js'), 'utf8');

class FakeElement {
  readonly attributes = new Map<string, string>();
  constructor(attributes: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(attributes)) this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  toggleAttribute(name: string, force: boolean): boolean {
    if (force) this.attributes.set(name, '');
    else this.attributes.delete(name);
    return force;
  }
  closest(selector: string): FakeElement | null {
    const names = [...selector.matchAll(/\[([a-z-]+)\]/g)].map((m) => m[1]);
    return names.some((name) => this.hasAttribute(name)) ? this : null;
  }
}

interface Page {
  readonly html: FakeElement;
  readonly elements: FakeElement[];
  readonly storage: Map<string, string>;
  readonly themeEvents: string[];
  setOsDark(dark: boolean): void;
  ready(): void;
  click(element: FakeElement): void;
  dispatch(type: string): void;
}

function load(stored: Record<string, string>, elements: FakeElement[], osDark = false): Page {
  const storage = new Map(Object.entries(stored));
  const html = new FakeElement();
  const win = new EventTarget();
  const doc = new EventTarget();
  const media = Object.assign(new EventTarget(), { matches: osDark });
  const themeEvents: string[] = [];
  win.addEventListener('ntlab:theme', (e) => themeEvents.push(String((e as CustomEvent).detail)));
  Object.assign(win, {
    matchMedia: () => media,
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, String(v)),
      removeItem: (k: string) => void storage.delete(k),
    },
  });
  Object.assign(doc, {
    documentElement: html,
    querySelectorAll: (selector: string) => {
      const name = /^\[([a-z-]+)\]$/.exec(selector)?.[1];
      if (!name) throw new Error(`unexpected selector ${selector}`);
      return elements.filter((el) => el.hasAttribute(name));
    },
  });
  new Function('window', 'document', 'Element', 'CustomEvent', source)(win, doc, FakeElement, CustomEvent);
  return {
    html,
    elements,
    storage,
    themeEvents,
    setOsDark(dark) {
      media.matches = dark;
      media.dispatchEvent(new Event('change'));
    },
    ready: () => void doc.dispatchEvent(new Event('DOMContentLoaded')),
    click: (target) => void doc.dispatchEvent(Object.defineProperty(new Event('click'), 'target', { value: target })),
    dispatch: (type) => void win.dispatchEvent(new CustomEvent(type)),
  };
}

const lesson = (slug: string, labs: string) => new FakeElement({ 'data-lesson': slug, 'data-labs': labs });
const done = (el: FakeElement) => el.hasAttribute('data-done');

describe('theme', () => {
  it('follows the OS when nothing is stored, and tracks OS changes', () => {
    const page = load({}, []);
    expect(page.html.getAttribute('data-theme')).toBe('light');
    expect(page.html.getAttribute('data-theme-pref')).toBe('system');
    page.setOsDark(true);
    expect(page.html.getAttribute('data-theme')).toBe('dark');
    expect(page.themeEvents).toEqual(['light', 'dark']);
  });

  it('uses a stored choice over the OS and ignores unknown values', () => {
    expect(load({ 'ntlab:theme': 'dark' }, []).html.getAttribute('data-theme')).toBe('dark');
    expect(load({ 'ntlab:theme': 'light' }, [], true).html.getAttribute('data-theme')).toBe('light');
    const odd = load({ 'ntlab:theme': 'sepia' }, [], true);
    expect(odd.html.getAttribute('data-theme')).toBe('dark');
    expect(odd.html.getAttribute('data-theme-pref')).toBe('system');
  });

  it('the toggle cycles system → other theme → OS theme → system', () => {
    const toggle = new FakeElement({ 'data-theme-toggle': '' });
    const page = load({}, [toggle], true);
    const seen: Array<[string | undefined, string | null]> = [];
    for (let i = 0; i < 3; i += 1) {
      page.click(toggle);
      seen.push([page.storage.get('ntlab:theme'), page.html.getAttribute('data-theme')]);
    }
    expect(seen).toEqual([
      ['light', 'light'],
      ['dark', 'dark'],
      [undefined, 'dark'],
    ]);
  });
});

describe('completion ticks', () => {
  it('ticks a lesson when every one of its labs has done === total > 0', () => {
    const progress = { labs: { a: { done: 3, total: 3 }, b: { done: 1, total: 2 }, z: { done: 0, total: 0 } }, lessons: {} };
    const both = lesson('both', 'a b');
    const onlyA = lesson('only-a', 'a');
    const empty = lesson('empty', 'z');
    const labA = new FakeElement({ 'data-lab': 'a' });
    const labB = new FakeElement({ 'data-lab': 'b' });
    const page = load({ 'ntlab:progress': JSON.stringify(progress) }, [both, onlyA, empty, labA, labB]);
    page.ready();
    expect([both, onlyA, empty, labA, labB].map(done)).toEqual([false, true, false, true, false]);
  });

  it('ticks a lesson without labs only when it is marked read', () => {
    const read = lesson('read', '');
    const unread = lesson('unread', '');
    const page = load({ 'ntlab:progress': JSON.stringify({ labs: {}, lessons: { read: true, unread: false } }) }, [read, unread]);
    page.ready();
    expect([done(read), done(unread)]).toEqual([true, false]);
  });

  it('survives a missing or corrupt record', () => {
    for (const raw of ['not json', 'null', '42', '{"labs": 1}']) {
      const el = lesson('x', 'a');
      const page = load({ 'ntlab:progress': raw }, [el]);
      page.ready();
      expect(done(el)).toBe(false);
    }
  });

  it('updates live on the ntlab:progress event', () => {
    const el = lesson('x', 'a');
    const page = load({}, [el]);
    page.ready();
    expect(done(el)).toBe(false);
    page.storage.set('ntlab:progress', JSON.stringify({ labs: { a: { done: 2, total: 2 } } }));
    page.dispatch('ntlab:progress');
    expect(done(el)).toBe(true);
  });

  it('"Mark as read" toggles lessons[<slug>] and keeps the labs part', () => {
    const labs = { a: { done: 1, total: 4 } };
    const button = new FakeElement({ 'data-mark-read': '', 'data-lesson': 'intro', 'data-labs': '' });
    const link = lesson('intro', '');
    const page = load({ 'ntlab:progress': JSON.stringify({ labs }) }, [button, link]);
    page.ready();
    page.click(button);
    expect(JSON.parse(page.storage.get('ntlab:progress') ?? '')).toEqual({ labs, lessons: { intro: true } });
    expect([done(button), done(link)]).toEqual([true, true]);
    page.click(button);
    expect(JSON.parse(page.storage.get('ntlab:progress') ?? '')).toEqual({ labs, lessons: {} });
    expect(done(link)).toBe(false);
  });
});
