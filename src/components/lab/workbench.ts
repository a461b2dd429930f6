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
      const steps: Record<string, number> = { ArrowLeft: width - 1, ArrowRight: width + 1, PageUp: width - 4, PageDown: width + 4, Home: PANEL.min, End: PANEL.max };
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

  private wireTabs(): void {
    const tabs = [...this.root.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]')];
    const select = (tab: HTMLButtonElement) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute('aria-selected', String(on));
        t.tabIndex = on ? 0 : -1;
        this.root.querySelector(`[data-pane="${t.dataset.tab}"]`)?.setAttribute('data-selected', String(on));
      }
    };
    tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => select(tab));
      tab.addEventListener('keydown', (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        const next = tabs[(i + step + tabs.length) % tabs.length];
        select(next);
        next.focus();
      });
    });
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
