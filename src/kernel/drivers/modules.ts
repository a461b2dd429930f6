/** Every kernel module's code, by lower-case module name. */
import { dictGet, dictSet, newDict } from '../rtl/dict.ts';
import type { ModuleCode } from '../io/types.ts';
import { beepDriver, ntfsDriver, nullDriver, swenumDriver, umbusDriver } from './inbox.ts';
import { ntModule } from './pnpmanager.ts';
import { swlegacy } from './swlegacy.ts';
import { swnounload } from './swnounload.ts';
import { swpnp } from './swpnp.ts';
import { sioctl } from './sioctl.ts';
import { irpfilt, irpfunc } from './irpstack.ts';
import { clientModules, wdf01000 } from './wdf.ts';
import { fltmgrDriver } from '../flt/fltmgr-driver.ts';
import { isofilter, isofilterCallbacks } from './isofilter.ts';
import { isofull } from './isofull.ts';
import { registerMinifilter } from '../flt/minifilters.ts';
import { fileinfoDriver, luafvDriver } from '../flt/inbox.ts';

export const MODULES: Record<string, ModuleCode> = newDict();

/** The code of a module by lower-case name. */
export function moduleCode(name: string): ModuleCode | undefined {
  return dictGet(MODULES, name);
}

/** Add a module (tests add deliberately broken drivers this way). */
export function registerModule(code: ModuleCode): void {
  dictSet(MODULES, code.name, code);
  if (code.wdf) clientModules[code.name] = code;
}

for (const m of [
  ntModule,
  wdf01000,
  fltmgrDriver,
  fileinfoDriver,
  luafvDriver,
  nullDriver,
  beepDriver,
  ntfsDriver,
  umbusDriver,
  swenumDriver,
  swlegacy,
  swnounload,
  swpnp,
  sioctl,
  irpfilt,
  irpfunc,
  isofilter,
  isofull,
])
  registerModule(m);
registerMinifilter(isofilterCallbacks);
