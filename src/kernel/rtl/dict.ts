/**
 * Lookups in plain-object records keyed by names that come from outside (a
 * service, a registry value, an object name). Kernel state stays plain,
 * structured-cloneable data for Machine.snapshot(), and structuredClone gives
 * back ordinary objects even from null-prototype ones, so a record may inherit
 * `constructor`, `toString` or a `__proto__` accessor. These helpers see own
 * properties only: `constructor` and `__proto__` are ordinary names.
 */
export type Dict<T> = Record<string, T>;

/** A new record with no prototype (it clones to an ordinary object, which the helpers handle). */
export function newDict<T>(): Dict<T> {
  return Object.create(null) as Dict<T>;
}

export function dictHas(d: Dict<unknown>, key: string): boolean {
  return Object.hasOwn(d, key);
}

export function dictGet<T>(d: Dict<T>, key: string): T | undefined {
  return Object.hasOwn(d, key) ? d[key] : undefined;
}

/** Set an own property, even for '__proto__' (plain assignment would change the prototype). */
export function dictSet<T>(d: Dict<T>, key: string, value: T): T {
  Object.defineProperty(d, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

export function dictDelete(d: Dict<unknown>, key: string): void {
  if (Object.hasOwn(d, key)) delete d[key];
}
