/**
 * Loads node:sqlite without its one-time ExperimentalWarning on stderr (the
 * instructor's console should show addresses and the join code, not noise).
 * Other warnings pass through.
 */
type SqliteModule = typeof import('node:sqlite');

let loaded: Promise<SqliteModule> | null = null;

export function loadSqlite(): Promise<SqliteModule> {
  if (!loaded) {
    const original = process.emitWarning;
    const quiet = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (/SQLite/.test(text)) return;
      (original as (...args: unknown[]) => void).call(process, warning, ...rest);
    };
    process.emitWarning = quiet as typeof process.emitWarning;
    loaded = import('node:sqlite').finally(() => {
      process.emitWarning = original;
    });
  }
  return loaded;
}
