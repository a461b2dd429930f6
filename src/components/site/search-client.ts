/**
 * The search page's script: queries the Pagefind index that `pagefind --site dist` writes
 * next to the built site, and lists matching lessons. Nothing leaves the origin.
 */

interface PagefindResultData {
  readonly url: string;
  readonly excerpt: string;
  readonly meta: { readonly title?: string };
}

interface PagefindResult {
  data(): Promise<PagefindResultData>;
}

interface Pagefind {
  search(query: string): Promise<{ readonly results: readonly PagefindResult[] } | null>;
}

const MAX_RESULTS = 20;

function loadPagefind(base: string): Promise<Pagefind> {
  const url = `${base.endsWith('/') ? base : `${base}/`}pagefind/pagefind.js`;
  return import(/* @vite-ignore */ url) as Promise<Pagefind>;
}

function resultItem(data: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  const excerpt = document.createElement('p');
  // Pagefind escapes the page text and adds only <mark> around the matched words.
  excerpt.innerHTML = data.excerpt;
  item.append(link, excerpt);
  return item;
}

export function startSearch(form: HTMLFormElement, status: HTMLElement, list: HTMLOListElement, base: string): void {
  const input = form.elements.namedItem('q');
  if (!(input instanceof HTMLInputElement)) return;
  const pagefind = loadPagefind(base);
  let latest = 0;

  async function run(query: string): Promise<void> {
    const ticket = ++latest;
    const url = new URL(location.href);
    if (query === '') url.searchParams.delete('q');
    else url.searchParams.set('q', query);
    history.replaceState(null, '', url);
    if (query === '') {
      list.replaceChildren();
      status.textContent = 'Type a word to search every lesson.';
      return;
    }
    let found: PagefindResultData[];
    try {
      const search = await (await pagefind).search(query);
      found = await Promise.all((search?.results ?? []).slice(0, MAX_RESULTS).map((r) => r.data()));
    } catch {
      if (ticket === latest) status.textContent = 'The search index is missing: build the site with `npm run build`.';
      return;
    }
    if (ticket !== latest) return;
    list.replaceChildren(...found.map(resultItem));
    status.textContent =
      found.length === 0 ? `No lesson mentions “${query}”.` : `${found.length} ${found.length === 1 ? 'lesson matches' : 'lessons match'} “${query}”.`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(input.value.trim());
  });
  input.addEventListener('input', () => void run(input.value.trim()));
  void run(input.value.trim());
}
