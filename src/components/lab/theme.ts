/** xterm.js colours from the page's CSS custom properties, so the terminal follows the light/dark theme. */
import type { ITheme } from '@xterm/xterm';

export function terminalTheme(el: HTMLElement): ITheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--lab-term-bg', '#0c0c0c'),
    foreground: v('--lab-term-fg', '#cccccc'),
    cursor: v('--lab-term-cursor', '#cccccc'),
    cursorAccent: v('--lab-term-bg', '#0c0c0c'),
    selectionBackground: v('--lab-term-selection', '#264f78'),
  };
}

/** Call `apply` whenever the theme may have changed (toggle or OS setting). */
export function watchTheme(apply: () => void): () => void {
  const observer = new MutationObserver(apply);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', apply);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', apply);
  };
}
