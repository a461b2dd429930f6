/**
 * The console's environment variables: names compared case-insensitively and
 * shown in the case they were set in, as cmd.exe keeps them. Keyed by a Map,
 * so names such as `constructor` or `__proto__` are ordinary names.
 */
export class Environment {
  private readonly vars = new Map<string, { name: string; value: string }>();

  constructor(initial: readonly (readonly [string, string])[] = []) {
    for (const [name, value] of initial) this.set(name, value);
  }

  get(name: string): string | undefined {
    return this.vars.get(name.toUpperCase())?.value;
  }

  has(name: string): boolean {
    return this.vars.has(name.toUpperCase());
  }

  /** Define or replace a variable; a new value keeps the case the name was first set in. */
  set(name: string, value: string): void {
    const key = name.toUpperCase();
    const old = this.vars.get(key);
    this.vars.set(key, { name: old?.name ?? name, value });
  }

  /** Remove a variable; false when it was not defined. */
  delete(name: string): boolean {
    return this.vars.delete(name.toUpperCase());
  }

  clear(): void {
    this.vars.clear();
  }

  /** Every variable as [name, value], sorted by name as SET lists them. */
  entries(): [string, string][] {
    return [...this.vars.values()]
      .map((v): [string, string] => [v.name, v.value])
      .sort((a, b) => (a[0].toUpperCase() < b[0].toUpperCase() ? -1 : a[0].toUpperCase() > b[0].toUpperCase() ? 1 : 0));
  }
}
