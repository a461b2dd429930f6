import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { composite, contrastRatio, lowContrastText, parseColor } from '../site/contrast.ts';
import { test, expect, originOf, readOutline, recordRequests, seedStorage } from './helpers.ts';

const lessonFiles = readdirSync(join(process.cwd(), 'content', 'lessons')).filter((name) => name.endsWith('.mdx'));

test('the home page lists every lesson in order, with its time and labs', async ({ page }) => {
  const outline = await readOutline(page);
  await expect(page.locator('h1')).toBeVisible();
  expect(outline.length).toBeGreaterThan(0);
  expect(outline.length).toBe(lessonFiles.length);
  const numbers = await page.locator('.lesson-card-number').allInnerTexts();
  expect(numbers.map(Number)).toEqual(outline.map((_, i) => i + 1));
  for (const lesson of outline) {
    expect(lesson.href).toBe(`/lessons/${lesson.slug}/`);
    const card = page.locator(`.lesson-card[data-lesson="${lesson.slug}"]`);
    await expect(card.locator('.lesson-card-meta')).toContainText(/\d+ (min|h)/);
    await expect(card.locator('.lab-list li')).toHaveCount(lesson.labs.length);
  }
});

test('a lesson opens from the outline, highlighted in the sidebar', async ({ page }) => {
  const [first] = await readOutline(page);
  await page.locator('.lesson-card h3 a').first().click();
  await expect(page).toHaveURL(new RegExp(`${first.href}$`));
  await expect(page.locator('article h1')).toHaveText(first.title);
  await expect(page.locator('article[data-pagefind-body] .prose')).not.toBeEmpty();
  const current = page.locator('.sidebar a[aria-current="page"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute('data-lesson', first.slug);
  await expect(current).toBeVisible();
  // The current lesson lists its sections; each link lands on a heading of the article.
  const sections = await page.locator('.sidebar .outline-sections a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(sections.length).toBe(await page.locator('article .prose h2:not(.lab *)').count());
  for (const href of sections) await expect(page.locator(`article h2[id="${href.slice(1)}"]`)).toHaveCount(1);
});

test('previous and next links walk the course in order', async ({ page }) => {
  const outline = await readOutline(page);
  await page.goto(outline[0].href);
  await expect(page.locator('.pager a[rel="prev"]')).toHaveCount(0);
  for (let i = 1; i < outline.length; i += 1) {
    await page.locator('.pager a[rel="next"]').click();
    await expect(page).toHaveURL(new RegExp(`${outline[i].href}$`));
    await expect(page.locator('article h1')).toHaveText(outline[i].title);
  }
  await expect(page.locator('.pager a[rel="next"]')).toHaveCount(0);
  await expect(page.locator('.pager-next')).toHaveAttribute('href', '/');
  if (outline.length > 1) {
    await page.locator('.pager a[rel="prev"]').click();
    await expect(page.locator('article h1')).toHaveText(outline[outline.length - 2].title);
  }
});

test('the theme follows the OS, and the toggle overrides it across reloads', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(html).toHaveAttribute('data-theme-pref', 'system');
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  const toggle = page.locator('.site-header [data-theme-toggle]');
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(darkBackground).not.toBe(lightBackground);
  expect(await page.evaluate(() => localStorage.getItem('ntlab:theme'))).toBe('dark');

  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(html).toHaveAttribute('data-theme-pref', 'dark');

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => localStorage.getItem('ntlab:theme'))).toBe('light');
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme-pref', 'system');
  expect(await page.evaluate(() => localStorage.getItem('ntlab:theme'))).toBeNull();

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('the theme is set in <head>, before anything is painted (no flash)', async ({ page }) => {
  await seedStorage(page, { 'ntlab:theme': 'dark' });
  await page.emulateMedia({ colorScheme: 'light' });
  const [first] = await readOutline(page);
  await page.goto(first.href, { waitUntil: 'commit' });
  // The served HTML itself: the theme script is the first element of <head> that can run,
  // ahead of the stylesheets and of <body>.
  const html = await (await page.request.get(first.href)).text();
  const head = html.slice(0, html.indexOf('<body'));
  expect(head).toContain('ntlab:theme');
  const scriptAt = head.indexOf('<script');
  const styleAt = head.search(/<link[^>]+rel="stylesheet"|<style/);
  expect(scriptAt).toBeGreaterThan(0);
  if (styleAt >= 0) expect(scriptAt).toBeLessThan(styleAt);
  await page.waitForLoadState('domcontentloaded');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('printing a lesson hides the site chrome and keeps the article', async ({ page }) => {
  const [first] = await readOutline(page);
  await page.goto(first.href);
  await expect(page.locator('.sidebar')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['.sidebar', '.site-header', '.pager', '.skip-link', '.site-footer']) {
    await expect(page.locator(selector).first()).toBeHidden();
  }
  await expect(page.locator('article h1')).toBeVisible();
  await expect(page.locator('article .prose')).toBeVisible();
  const afterContent = await page.evaluate(() => {
    const probe = (href: string): string => {
      const link = document.createElement('a');
      link.href = href;
      link.textContent = 'probe';
      document.querySelector('article .prose')?.append(link);
      const content = getComputedStyle(link, '::after').content;
      link.remove();
      return content;
    };
    return { external: probe('https://example.org/x'), internal: probe('/lessons/') };
  });
  expect(afterContent.external).toContain('https://example.org/x');
  expect(afterContent.internal).toBe('none');
});

test('search finds a lesson by a word from its text', async ({ page }) => {
  const [first] = await readOutline(page);
  await page.goto(first.href);
  const text = await page.locator('article .prose p').first().innerText();
  const word = text
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length >= 6)
    .sort((a, b) => b.length - a.length)[0];
  expect(word, 'a word to search for').toBeTruthy();

  await page.locator('.site-header input[name="q"]').fill(word);
  await page.locator('.site-header input[name="q"]').press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=/);
  const result = page.locator(`.search-results a[href="${first.href}"]`);
  await expect(result).toBeVisible();
  await expect(result).toHaveText(first.title);
  await expect(page.locator('.search-status')).toContainText(word);

  await page.locator('main input[name="q"]').fill('jyqxzvkw');
  await expect(page.locator('.search-results li')).toHaveCount(0);
  await expect(page.locator('.search-status')).toContainText('No lesson');
});

test('completion ticks follow ntlab:progress, live and across pages', async ({ page }) => {
  const outline = await readOutline(page);
  const withLabs = outline.find((lesson) => lesson.labs.length > 0);
  const reading = outline.find((lesson) => lesson.labs.length === 0);
  test.skip(!withLabs && !reading, 'no lessons');

  if (withLabs) {
    const card = page.locator(`.lesson-card[data-lesson="${withLabs.slug}"]`);
    await expect(card).not.toHaveAttribute('data-done', '');
    // Partial progress does not tick the lesson; full progress does, without a reload.
    const write = (done: number) =>
      page.evaluate(
        ({ labs, done }) => {
          const all: Record<string, { done: number; total: number }> = {};
          for (const id of labs) all[id] = { done, total: 3 };
          localStorage.setItem('ntlab:progress', JSON.stringify({ labs: all, lessons: {} }));
          window.dispatchEvent(new CustomEvent('ntlab:progress'));
        },
        { labs: withLabs.labs, done },
      );
    await write(2);
    await expect(card.locator('.lab-list li').first()).not.toHaveAttribute('data-done', '');
    await expect(card).not.toHaveAttribute('data-done', '');
    await write(3);
    await expect(card).toHaveAttribute('data-done', '');
    await expect(card.locator('.lab-list li').first()).toHaveAttribute('data-done', '');
    // Other pages read the same record when they load. (The lab's own page is not used
    // here: its terminal rewrites the lab's entry from the real lab state.)
    await page.reload();
    await expect(card).toHaveAttribute('data-done', '');
    const other = outline.find((lesson) => !lesson.labs.some((id) => withLabs.labs.includes(id)));
    if (other) {
      await page.goto(other.href);
      await expect(page.locator(`.sidebar a[data-lesson="${withLabs.slug}"]`)).toHaveAttribute('data-done', '');
    }
    await page.evaluate(() => localStorage.removeItem('ntlab:progress'));
  }

  if (reading) {
    await page.goto(reading.href);
    const link = page.locator(`.sidebar a[data-lesson="${reading.slug}"]`);
    const button = page.locator('.mark-read button');
    await expect(link).not.toHaveAttribute('data-done', '');
    await expect(button).toHaveText(/Mark as read/);
    await button.click();
    await expect(link).toHaveAttribute('data-done', '');
    // Read after the title, not before the lesson number.
    const escaped = reading.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(link).toHaveAccessibleName(new RegExp(`^\\d+ ?${escaped} \\(completed\\)$`));
    await page.reload();
    await expect(link).toHaveAttribute('data-done', '');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('ntlab:progress') ?? '{}'));
    expect(stored.lessons[reading.slug]).toBe(true);
    await page.locator('.mark-read button').click();
    await expect(link).not.toHaveAttribute('data-done', '');
  }
});

test('the outline collapses on a narrow screen and opens without JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
  const requests = recordRequests(context, originOf(baseURL));
  const page = await context.newPage();
  try {
    await page.goto('/');
    const href = await page.locator('.lesson-card h3 a').first().getAttribute('href');
    await page.goto(href ?? '/');
    const firstLink = page.locator('.sidebar .outline a').first();
    await expect(firstLink).toBeHidden();
    await page.locator('.sidebar summary').click();
    await expect(firstLink).toBeVisible();
    await expect(page.locator('.theme-toggle')).toBeHidden();
    await expect(page.locator('article h1')).toBeVisible();
    expect(requests.foreign()).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the skip link is the first stop and leads to the content', async ({ page }) => {
  const [first] = await readOutline(page);
  await page.goto(first.href);
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  await expect(page.locator('#main')).toBeFocused();
});

test('no page scrolls sideways at any width; wide tables, transcripts and code scroll on their own, by keyboard too', async ({ page }) => {
  const outline = await readOutline(page);
  const paths = ['/', '/search/', ...outline.map((lesson) => lesson.href)];
  for (const width of [1440, 1280, 800, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of paths) {
      await page.goto(path);
      const lab = page.locator('ntlab-lab');
      // The terminal is mounted and sized once its prompt is painted (the engine may come later).
      if ((await lab.count()) > 0) await expect(lab.first()).toHaveAttribute('data-prompt', 'ready');
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `${path} at ${width}px` })
        .toBe(0);
      const scrollers = await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((el) => !el.closest('.xterm'))
          .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
          .map((el) => ({ what: `${el.tagName.toLowerCase()}.${el.className}`, tabindex: el.getAttribute('tabindex') })),
      );
      for (const scroller of scrollers) expect(scroller.tabindex, `${scroller.what} on ${path} at ${width}px`).toBe('0');
    }
  }
});

test('lesson tables sit in named regions that scroll sideways', async ({ page }) => {
  const outline = await readOutline(page);
  let tables = 0;
  for (const lesson of outline) {
    await page.goto(lesson.href);
    for (const table of await page.locator('article .prose table').all()) {
      tables += 1;
      const region = table.locator('xpath=..');
      await expect(region).toHaveClass(/table-scroll/);
      await expect(region).toHaveAttribute('role', 'region');
      await expect(region).toHaveAttribute('tabindex', '0');
      // (Text content, not innerText: a table far from the screen is not laid out, see prose.css, and innerText reads layout.)
      const firstHeading = ((await table.locator('th').allTextContents()).find((text) => text.trim()) ?? '').replace(/\s+/g, ' ').trim();
      // No blank heading cells (a table's empty corner is a plain cell).
      expect(await table.locator('th').evaluateAll((cells) => cells.filter((c) => !c.textContent?.trim()).length)).toBe(0);
      await expect(region).toHaveAccessibleName(firstHeading ? new RegExp(`^Table: ${firstHeading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : 'Table');
    }
  }
  expect(tables, 'tables in the course').toBeGreaterThan(0);
});

test('debugger figures use the lesson column on a wide screen, keep their caption as name, and print at the text width', async ({ page }) => {
  const outline = await readOutline(page);
  let checked = 0;
  for (const lesson of outline) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(lesson.href);
    const figures = page.locator('article figure.lab-figure');
    if ((await figures.count()) === 0) continue;
    const textWidth = await page
      .locator('article .prose > p')
      .first()
      .evaluate((p) => p.getBoundingClientRect().width);
    for (const figure of await figures.all()) {
      const pre = figure.locator('pre');
      await expect(pre).toHaveAttribute('tabindex', '0');
      const caption = figure.locator('figcaption');
      if ((await caption.count()) > 0) await expect(pre).toHaveAccessibleName(((await caption.textContent()) ?? '').replace(/\s+/g, ' ').trim());
      const box = await figure.boundingBox();
      expect(box?.width ?? 0, `figure on ${lesson.href}`).toBeGreaterThan(textWidth + 100);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1440);
      checked += 1;
    }
    await page.emulateMedia({ media: 'print' });
    const printed = await page
      .locator('article .prose > p')
      .first()
      .evaluate((p) => p.getBoundingClientRect().width);
    expect(Math.round((await figures.first().boundingBox())?.width ?? 0)).toBe(Math.round(printed));
    await page.emulateMedia({ media: 'screen' });
  }
  expect(checked, 'debugger figures in the course').toBeGreaterThan(0);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`every page's text keeps 4.5:1 contrast in the ${scheme} theme (search highlights included)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const outline = await readOutline(page);
    const word = 'driver';
    for (const path of ['/', '/404.html', `/search/?q=${word}`, ...outline.map((lesson) => lesson.href)]) {
      await page.goto(path);
      if (path.startsWith('/search/')) await expect(page.locator('.search-results mark').first()).toBeVisible();
      // The lab terminal's colours are checked in lab.spec.ts; the lab panel is text like any other.
      expect(await page.evaluate(lowContrastText, { root: 'body', min: 4.5, exclude: '.xterm' }), `${path} (${scheme})`).toEqual([]);
    }
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`an open completion tick is visible (3:1) in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const outline = await readOutline(page);
    for (const path of ['/', outline[0].href]) {
      await page.goto(path);
      const pairs = await page.locator('.tick').evaluateAll((ticks) =>
        ticks
          .filter((tick) => tick.checkVisibility() && !tick.closest('[data-done]'))
          .map((tick) => {
            let bg = 'rgba(0, 0, 0, 0)';
            for (let node: Element | null = tick.parentElement; node; node = node.parentElement) {
              const colour = getComputedStyle(node).backgroundColor;
              if (colour !== 'rgba(0, 0, 0, 0)' && !colour.endsWith(' 0)')) {
                bg = colour;
                break;
              }
            }
            return { border: getComputedStyle(tick).borderTopColor, bg };
          }),
      );
      expect(pairs.length, `open ticks on ${path}`).toBeGreaterThan(0);
      for (const { border, bg } of pairs) {
        const b = parseColor(border);
        const g = parseColor(bg);
        expect(b && g, `${border} on ${bg}`).toBeTruthy();
        if (b && g) expect(contrastRatio(composite(b, g), g), `${border} on ${bg} (${path})`).toBeGreaterThanOrEqual(3);
      }
    }
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the search box's placeholder keeps 4.5:1 and its edge 3:1 in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    const colours = await page.locator('.site-header input[name="q"]').evaluate((el) => ({
      text: getComputedStyle(el, '::placeholder').color,
      field: getComputedStyle(el).backgroundColor,
      edge: getComputedStyle(el).borderTopColor,
      page: getComputedStyle(document.querySelector('.site-header') ?? document.body).backgroundColor,
    }));
    const [text, field, edge, pageBg] = [colours.text, colours.field, colours.edge, colours.page].map(parseColor);
    expect(text && field && edge && pageBg, JSON.stringify(colours)).toBeTruthy();
    if (text && field && edge && pageBg) {
      const under = composite(field, pageBg);
      expect(contrastRatio(composite(text, under), under), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
      // The field's edge is what shows it is a field: 3:1 against the header around it.
      expect(contrastRatio(composite(edge, pageBg), pageBg), JSON.stringify(colours)).toBeGreaterThanOrEqual(3);
    }
  });
}
