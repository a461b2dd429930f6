/** Every minifilter's callbacks, by lower-case module name (the driver code itself is in drivers/modules.ts). */
import { dictGet, dictSet, newDict } from '../rtl/dict.ts';
import type { MinifilterCode } from './types.ts';

const CODE = newDict<MinifilterCode>();

export function minifilterCode(module: string): MinifilterCode | undefined {
  return dictGet(CODE, module);
}

export function registerMinifilter(code: MinifilterCode): void {
  dictSet(CODE, code.module, code);
}
