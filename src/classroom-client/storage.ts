/** localStorage that never throws (private mode, quota, disabled storage). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function readJson<T>(store: KeyValue, key: string, fallback: T): T {
  try {
    const text = store.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

/** Returns false when the value could not be stored. */
export function writeJson(store: KeyValue, key: string, value: unknown): boolean {
  try {
    store.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function remove(store: KeyValue, key: string): void {
  try {
    store.removeItem(key);
  } catch {
    // Nothing to do: storage is unavailable.
  }
}

/** The page's localStorage, or an in-memory stand-in when it is unavailable. */
export function pageStorage(): KeyValue {
  try {
    const s = window.localStorage;
    s.getItem('ntlab.probe');
    return s;
  } catch {
    const m = new Map<string, string>();
    return {
      getItem: (k) => m.get(k) ?? null,
      setItem: (k, v) => void m.set(k, v),
      removeItem: (k) => void m.delete(k),
    };
  }
}

export const KEYS = {
  join: 'ntlab.classroom.join',
  queue: 'ntlab.classroom.queue',
  lastControl: 'ntlab.classroom.lastControl',
  pendingResets: 'ntlab.classroom.pendingResets',
  dismissed: 'ntlab.classroom.dismissedBroadcast',
} as const;
