/**
 * How a student likes the workbench on this device (the objectives' width, the terminal's
 * text size): plain numbers in localStorage, the same for every lab. Unreadable or missing
 * values, or storage that is unavailable, give the defaults.
 */
export type PrefName = 'panel-rem' | 'font-step';

const key = (name: PrefName) => `ntlab:workbench:${name}`;

export function readPref(name: PrefName, fallback: number): number {
  try {
    const value = Number(localStorage.getItem(key(name)) ?? Number.NaN);
    return Number.isFinite(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

export function writePref(name: PrefName, value: number): void {
  try {
    localStorage.setItem(key(name), String(value));
  } catch {
    // storage full or unavailable: the choice lasts for this page only
  }
}
