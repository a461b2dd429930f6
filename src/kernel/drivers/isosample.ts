/**
 * The isolation-filter sample as installed on the lab machine: IsoFilter.sys
 * (a minifilter, service type 2 with its Instances key and altitude in the
 * FSFilter Encryption group) and IsoFull.sys (the fulfillment driver), both
 * demand-start; their Parameters; the isolated folder C:\Vault with files in
 * the fulfillment driver's native form; and the two lab programs' images.
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import { ISOFILTER_ALTITUDE } from './isofilter.ts';
import { nativeForm } from './isofull.ts';

const BUILT = Date.UTC(2011, 1, 2, 16, 40, 0);

export const VAULT_FILES: readonly [string, string][] = [
  ['plan.txt', 'Quarterly plan: ship the isolation filter to the pilot customers.\r\n'],
  ['budget.txt', 'Budget line 1: test machines\r\nBudget line 2: plugfest travel\r\n'],
  ['old.txt', "Last year's plan, kept for reference.\r\n"],
];

export function installIsolationSample(k: Kernel): void {
  k.fs.mkdir('C:\\Drivers', BUILT);
  k.fs.write('C:\\Drivers\\IsoFilter.sys', { size: 36_864, written: BUILT, content: null, image: 'isofilter' });
  k.fs.write('C:\\Drivers\\IsoFull.sys', { size: 28_672, written: BUILT, content: null, image: 'isofull' });
  k.fs.mkdir('C:\\Tools', BUILT);
  k.fs.write('C:\\Tools\\FileTest.exe', { size: 188_416, written: BUILT, content: null, image: null });
  k.fs.write('C:\\Tools\\IsoView.exe', { size: 61_440, written: BUILT, content: null, image: null });
  k.fs.mkdir('C:\\Vault', BUILT);
  for (const [name, text] of VAULT_FILES) {
    const native = nativeForm(text);
    k.fs.write(`C:\\Vault\\${name}`, { size: native.length, written: BUILT, content: native, image: null });
  }
  const filter = demandStartService(k, 'IsoFilter', 2);
  k.cm.setValue(filter, 'Group', 'REG_SZ', 'FSFilter Encryption');
  k.cm.setValue(filter, 'DependOnService', 'REG_MULTI_SZ', ['FltMgr']);
  k.cm.setValue(`${filter}\\Instances`, 'DefaultInstance', 'REG_SZ', 'IsoFilter Instance');
  k.cm.setValue(`${filter}\\Instances\\IsoFilter Instance`, 'Altitude', 'REG_SZ', ISOFILTER_ALTITUDE);
  k.cm.setValue(`${filter}\\Instances\\IsoFilter Instance`, 'Flags', 'REG_DWORD', 0);
  k.cm.setValue(`${filter}\\Parameters`, 'IsolatedPath', 'REG_SZ', '\\Vault\\');
  k.cm.setValue(`${filter}\\Parameters`, 'IsolatedProcess', 'REG_SZ', 'IsoView.exe');
  k.cm.setValue(`${filter}\\Parameters`, 'ThunkHandles', 'REG_DWORD', 1);
  demandStartService(k, 'IsoFull', 1);
}

/** A demand-start driver service for C:\\Drivers\\<name>.sys, as `sc create` would make it; its key. */
function demandStartService(k: Kernel, name: string, type: number): string {
  const key = serviceKey(name);
  k.cm.setValue(key, 'Type', 'REG_DWORD', type);
  k.cm.setValue(key, 'Start', 'REG_DWORD', 3);
  k.cm.setValue(key, 'ErrorControl', 'REG_DWORD', 1);
  k.cm.setValue(key, 'ImagePath', 'REG_EXPAND_SZ', `\\??\\C:\\Drivers\\${name}.sys`);
  k.cm.setValue(key, 'DisplayName', 'REG_SZ', name);
  return key;
}
