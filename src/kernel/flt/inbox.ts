/**
 * The minifilters Windows 7 itself runs on every volume: FileInfo (the file
 * information filter, FSFilter Bottom, altitude 45000) and luafv (UAC file
 * virtualization, FSFilter Virtualization, altitude 135000). Both register
 * with the Filter Manager and attach to C:; neither changes a request here
 * (luafv's redirection of a legacy program's writes is not modelled), so
 * `fltmc` shows the machine as a Windows 7 machine shows it.
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import type { ModuleCode } from '../io/types.ts';
import { filterManagerOf } from './fltmgr.ts';

function passThroughMinifilter(name: string, file: string, linkDate: number, imageSize: number): ModuleCode {
  return {
    name,
    file,
    linkDate,
    imageSize,
    DriverEntry(nt, DriverObject) {
      const flt = filterManagerOf(nt)?.api;
      if (!flt) return 0xc0000001;
      const r = flt.FltRegisterFilter(DriverObject, {
        OperationRegistration: [],
        FilterUnloadCallback: null,
        InstanceSetupCallback: null,
        ContextRegistration: [],
      });
      return r.status === 0 ? flt.FltStartFiltering(r.filter) : r.status;
    },
  };
}

export const fileinfoDriver = passThroughMinifilter('fileinfo', 'fileinfo.sys', 1247527468, 0x14000);
export const luafvDriver = passThroughMinifilter('luafv', 'luafv.sys', 1247527539, 0x23000);

/** Their Instances keys, as Windows setup writes them. */
export function setupInboxMinifilters(k: Kernel): void {
  for (const [service, instance, altitude] of [
    ['FileInfo', 'FileInfo', '45000'],
    ['luafv', 'luafv', '135000'],
  ] as const) {
    k.cm.setValue(`${serviceKey(service)}\\Instances`, 'DefaultInstance', 'REG_SZ', instance);
    k.cm.setValue(`${serviceKey(service)}\\Instances\\${instance}`, 'Altitude', 'REG_SZ', altitude);
    k.cm.setValue(`${serviceKey(service)}\\Instances\\${instance}`, 'Flags', 'REG_DWORD', 0);
  }
}
