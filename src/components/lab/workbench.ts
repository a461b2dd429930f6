/**
 * The workbench's own controls, around the terminals: the splitter between the objectives and
 * the terminals (pointer or arrow keys), the full window (a button, Alt+Enter, Escape to leave),
 * the narrow screen's objectives bar, the terminals' tabs, and the text size buttons.
 */
import { readPref, writePref } from './prefs.ts';
import { FONT_STEPS } from './terminal.ts';

export interface WorkbenchEvents {
  /** The student stepped the terminal text size. */
  fontStep(step: number): void;
  /** The full window was entered or left. */
  fullChanged(full: boolean): void;
  /** A terminal's tab was chosen (`pointer`: clicked, so the terminal takes the keys at once). */
  paneChosen?(pane: string, pointer: boolean): void;
}

/** The objectives' width, in rem: the default and its bounds. */
const PANEL = { initial: 16, min: 12, max: 36 } as const;
/** Room the terminals keep beside the objectives, in rem. */
const TERMINAL_MIN = 30;

export class Workbench {
  private readonly root: HTMLElement;
  private readonly events: WorkbenchEvents;
  private readonly inerted: HTMLElement[] = [];
  private fontStepValue: number;

  constructor(root: HTMLElement, events: WorkbenchEvents) {
    this.root = root;
    this.events = events;
    this.fontStepValue = readPref('font-step', 0);
    this.wireSplitter();
    this.wireFull();
    this.wireBar();
    this.wireTabs();
    this.wireFont();
  }

  get full(): boolean {
    return this.root.hasAttribute('data-full');
  }

  get fontStep(): number {
    return this.fontStepValue;
  }

  toggleFull(): void {
    this.setFull(!this.full);
  }

  setFull(on: boolean): void {
    if (on === this.full) return;
    this.root.toggleAttribute('data-full', on);
    // The page behind stops scrolling. Marked on the root rather than found by a `:root:has()`
    // rule: that rule had Chromium look through the whole page again for every node a
    // keystroke changes in the terminal.
    document.documentElement.toggleAttribute('data-lab-full', on);
    const button = this.root.querySelector<HTMLButtonElement>('[data-full-toggle]');
    button?.setAttribute('aria-pressed', String(on));
    const label = button?.querySelector('[data-full-label]');
    if (label) label.textContent = on ? 'Back to the lesson' : 'Full window';
    if (on) this.inertOthers();
    else {
      for (const el of this.inerted.splice(0)) el.inert = false;
      this.root.scrollIntoView({ block: 'nearest' });
    }
    this.events.fullChanged(on);
  }

  /** Everything on the page but the lab is out of reach while the lab covers it. */
  private inertOthers(): void {
    for (let node: HTMLElement = this.root; node.parentElement; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && sibling instanceof HTMLElement && !sibling.inert) {
          sibling.inert = true;
          this.inerted.push(sibling);
        }
      }
    }
  }

  private wireFull(): void {
    this.root.querySelector('[data-full-toggle]')?.addEventListener('click', () => this.toggleFull());
    // In a terminal, the terminal pane handles these keys itself (see terminal.ts).
    this.root.addEventListener('keydown', (e) => {
      if (e.target instanceof Element && e.target.closest('.xterm')) return;
      if (e.key === 'Enter' && e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        this.toggleFull();
      } else if (e.key === 'Escape' && this.full) {
        e.preventDefault();
        this.setFull(false);
      }
    });
  }

  private wireSplitter(): void {
    const splitter = this.root.querySelector<HTMLElement>('[data-splitter]');
    const panel = this.root.querySelector<HTMLElement>('.lab-panel');
    if (!splitter || !panel) return;
    const rem = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const set = (width: number) => {
      const room = this.root.getBoundingClientRect().width / rem() - TERMINAL_MIN;
      const max = Math.max(PANEL.min, Math.min(PANEL.max, Math.floor(room)));
      const value = Math.round(Math.max(PANEL.min, Math.min(max, width)));
      this.root.style.setProperty('--lab-panel-w', `${value}rem`);
      splitter.setAttribute('aria-valuenow', String(value));
      splitter.setAttribute('aria-valuemax', String(max));
      splitter.setAttribute('aria-valuetext', `Objectives ${value} rem wide`);
      return value;
    };
    let width = set(readPref('panel-rem', PANEL.initial));
    const save = () => writePref('panel-rem', width);
    splitter.addEventListener('keydown', (e) => {
      const steps: Record<string, number> = {
        ArrowLeft: width - 1,
        ArrowRight: width + 1,
        PageUp: width - 4,
        PageDown: width + 4,
        Home: PANEL.min,
        End: PANEL.max,
      };
      const next = steps[e.key];
      if (next === undefined) return;
      e.preventDefault();
      width = set(next);
      save();
    });
    splitter.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      splitter.setPointerCapture(e.pointerId);
      splitter.setAttribute('data-dragging', '');
      const left = panel.getBoundingClientRect().left;
      const move = (ev: PointerEvent) => {
        width = set((ev.clientX - left) / rem());
      };
      const end = () => {
        splitter.removeEventListener('pointermove', move);
        splitter.removeAttribute('data-dragging');
        save();
      };
      splitter.addEventListener('pointermove', move);
      splitter.addEventListener('lostpointercapture', end, { once: true });
    });
  }

  private wireBar(): void {
    const bar = this.root.querySelector<HTMLButtonElement>('[data-lab-bar]');
    bar?.addEventListener('click', () => {
      const open = !this.root.hasAttribute('data-panel-open');
      this.root.toggleAttribute('data-panel-open', open);
      bar.setAttribute('aria-expanded', String(open));
    });
  }

  /** Show `pane` (on a narrow screen, where the terminals take turns under their tabs). */
  selectPane(pane: string): void {
    for (const t of this.tabs) {
      const on = t.dataset.tab === pane;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      if (on) t.removeAttribute('data-unseen');
      this.root.querySelector(`[data-pane="${t.dataset.tab}"]`)?.setAttribute('data-selected', String(on));
    }
  }

  /** True when the terminals take turns under tabs (a narrow screen), false when they sit side by side. */
  get tabbed(): boolean {
    const list = this.root.querySelector<HTMLElement>('[role="tablist"]');
    return list !== null && getComputedStyle(list).display !== 'none';
  }

  /** Mark a pane's tab: it has output the student has not seen (its terminal is behind the other tab). */
  markUnseen(pane: string): void {
    const tab = this.tabs.find((t) => t.dataset.tab === pane);
    if (tab && tab.getAttribute('aria-selected') !== 'true') tab.setAttribute('data-unseen', '');
  }

  private get tabs(): HTMLButtonElement[] {
    return [...this.root.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]')];
  }

  private wireTabs(): void {
    const tabs = this.tabs;
    if (tabs.length === 0) return;
    tabs.forEach((tab, i) => {
      // A click (or Enter/Space) shows the terminal and gives it the keys; the arrows move between tabs.
      tab.addEventListener('click', () => {
        this.selectPane(tab.dataset.tab ?? '');
        this.events.paneChosen?.(tab.dataset.tab ?? '', true);
      });
      tab.addEventListener('keydown', (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        const to = e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : step ? tabs[(i + step + tabs.length) % tabs.length] : null;
        if (!to) return;
        e.preventDefault();
        this.selectPane(to.dataset.tab ?? '');
        to.focus();
        this.events.paneChosen?.(to.dataset.tab ?? '', false);
      });
    });
    // The panes are tab panels only while the tabs show; side by side, each is a labelled region.
    const row = this.root.querySelector<HTMLElement>('.lab-panes');
    if (!row) return;
    let was: boolean | null = null;
    const roles = () => {
      const tabbed = this.tabbed;
      if (tabbed === was) return;
      was = tabbed;
      this.root.dataset.layout = tabbed ? 'tabs' : 'side';
      for (const section of this.root.querySelectorAll<HTMLElement>('[data-pane]')) {
        if (tabbed) {
          section.setAttribute('role', 'tabpanel');
          section.setAttribute('aria-labelledby', section.dataset.tabLabel ?? '');
          section.removeAttribute('aria-label');
        } else {
          section.removeAttribute('role');
          section.removeAttribute('aria-labelledby');
          section.setAttribute('aria-label', section.dataset.title ?? '');
        }
      }
    };
    roles();
    new ResizeObserver(roles).observe(row);
  }

  private wireFont(): void {
    const buttons = [...this.root.querySelectorAll<HTMLButtonElement>('[data-font-step]')];
    const update = () => {
      for (const b of buttons) {
        const dir = Number(b.dataset.fontStep);
        b.disabled = dir < 0 ? this.fontStepValue <= FONT_STEPS.min : this.fontStepValue >= FONT_STEPS.max;
      }
    };
    for (const button of buttons) {
      button.addEventListener('click', () => {
        const next = this.fontStepValue + Number(button.dataset.fontStep);
        this.fontStepValue = Math.max(FONT_STEPS.min, Math.min(FONT_STEPS.max, next));
        writePref('font-step', this.fontStepValue);
        update();
        this.events.fontStep(this.fontStepValue);
      });
    }
    update();
  }
}
