/** The machine's type database: how its kernel lays out every structure (Windows 7 SP1 x64, module nt). */
import type { TypeDatabase } from '../../base/typedb.ts';
import { win7X64TypeDatabase } from './win7-x64.ts';

let cached: TypeDatabase | null = null;

export function machineTypes(): TypeDatabase {
  return (cached ??= win7X64TypeDatabase());
}
