/**
 * Text contrast (WCAG 2 relative luminance), for browser tests and for its own unit test.
 * `lowContrastText` runs inside the page (`page.evaluate(lowContrastText, options)`): it is
 * self-contained and uses only what it declares.
 */

export interface ContrastOptions {
  /** CSS selector of the part of the page to check. */
  readonly root: string;
  /** Minimum ratio (4.5 for body text). */
  readonly min: number;
  /** Elements under these selectors are skipped (e.g. a canvas-like terminal checked separately). */
  readonly exclude?: string;
}

export interface ContrastIssue {
  readonly text: string;
  readonly ratio: number;
  readonly fg: string;
  readonly bg: string;
}

export type Rgba = readonly [number, number, number, number];

/** Parses rgb(), rgba() and color(srgb …) as Chromium serialises computed colours; null otherwise. */
export function parseColor(value: string): Rgba | null {
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value.trim());
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    return [parseFloat(rgb[1]), parseFloat(rgb[2]), parseFloat(rgb[3]), alpha];
  }
  const srgb = /^color\(srgb\s+([-\d.e]+)\s+([-\d.e]+)\s+([-\d.e]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(value.trim());
  if (srgb) {
    const alpha = srgb[4] === undefined ? 1 : srgb[4].endsWith('%') ? parseFloat(srgb[4]) / 100 : parseFloat(srgb[4]);
    return [parseFloat(srgb[1]) * 255, parseFloat(srgb[2]) * 255, parseFloat(srgb[3]) * 255, alpha];
  }
  return null;
}

/** `top` painted over the opaque `bottom`. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

export function contrastRatio(a: Rgba, b: Rgba): number {
  const lum = (c: Rgba) => {
    const [r, g, bl] = [c[0], c[1], c[2]].map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** In the page: every visible, enabled text element under `root` whose contrast is below `min`. */
export function lowContrastText(options: ContrastOptions): ContrastIssue[] {
  // Repeated here: a function passed to page.evaluate cannot reach this module's other exports.
  const parse = (value: string): [number, number, number, number] | null => {
    const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value.trim());
    const s = /^color\(srgb\s+([-\d.e]+)\s+([-\d.e]+)\s+([-\d.e]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(value.trim());
    const alpha = (a: string | undefined) => (a === undefined ? 1 : a.endsWith('%') ? parseFloat(a) / 100 : parseFloat(a));
    if (m) return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), alpha(m[4])];
    if (s) return [parseFloat(s[1]) * 255, parseFloat(s[2]) * 255, parseFloat(s[3]) * 255, alpha(s[4])];
    return null;
  };
  const over = (top: number[], bottom: number[]) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  };
  const lum = (c: number[]) => {
    const ch = [c[0], c[1], c[2]].map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a: number[], b: number[]) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const background = (el: Element): number[] => {
    const chain: number[][] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c[3] > 0) chain.push(c);
      if (c && c[3] >= 1) break;
    }
    let bg = [255, 255, 255, 1];
    for (const c of chain.reverse()) bg = over(c, bg);
    return bg;
  };
  const opacity = (el: Element): number => {
    let o = 1;
    for (let node: Element | null = el; node; node = node.parentElement) o *= parseFloat(getComputedStyle(node).opacity);
    return o;
  };
  const hidden = (el: Element): boolean => {
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clipPath === 'inset(50%)' || (style.position === 'absolute' && node.getBoundingClientRect().width <= 1)) return true;
    }
    return !el.checkVisibility({ visibilityProperty: true });
  };
  const root = document.querySelector(options.root);
  if (!root) throw new Error(`no ${options.root} on this page`);
  const issues: ContrastIssue[] = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const own = [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim())
      .map((n) => n.textContent ?? '')
      .join(' ')
      .trim();
    if (!own || hidden(el) || el.closest(':disabled') || (options.exclude && el.closest(options.exclude))) continue;
    const bg = background(el);
    const fgRaw = parse(getComputedStyle(el).color);
    if (!fgRaw) continue;
    const fg = over([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * opacity(el)], bg);
    const r = ratio(fg, bg);
    if (r < options.min) {
      const css = (c: number[]) =>
        `rgb(${c
          .slice(0, 3)
          .map((v) => Math.round(v))
          .join(' ')})`;
      issues.push({ text: own.slice(0, 60), ratio: Math.round(r * 100) / 100, fg: css(fg), bg: css(bg) });
    }
  }
  return issues;
}
