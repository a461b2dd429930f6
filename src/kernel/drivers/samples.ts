/** The lab's sample driver package: files in a folder, as a student would unzip them. */
import type { Kernel } from '../nt.ts';
import { GUID_DEVCLASS_SAMPLE, GUID_DEVINTERFACE_SWPNP } from './guids.ts';

/** The sections every sample INF opens with: version, destination, source disk and files, manufacturer. */
function infHead(comment: string, catalog: string, files: string[]): string {
  return `${comment}
[Version]
Signature   = "$WINDOWS NT$"
Class       = Sample
ClassGuid   = ${GUID_DEVCLASS_SAMPLE}
Provider    = %ProviderName%
DriverVer   = 01/20/2011,1.0.0.1
CatalogFile = ${catalog}

[DestinationDirs]
DefaultDestDir = 12

[SourceDisksNames]
1 = %DiskName%,,,""

[SourceDisksFiles]
${files.map((f) => `${f} = 1`).join('\n')}

[Manufacturer]
%ManufacturerName% = Standard, NTamd64
`;
}

export const SWPNP_INF = `${infHead(';\n; swpnp.inf - installs SwPnp, a root-enumerated software-only KMDF driver\n;\n', 'swpnp.cat', ['swpnp.sys'])}
[Standard.NTamd64]
%SwPnp.DeviceDesc% = SwPnp_Install, Root\\SwPnp

[SwPnp_Install.NT]
CopyFiles = SwPnp_CopyFiles

[SwPnp_CopyFiles]
swpnp.sys

[SwPnp_Install.NT.Services]
AddService = SwPnp, 0x00000002, SwPnp_Service

[SwPnp_Service]
DisplayName   = %SwPnp.SvcDesc%
ServiceType   = 1               ; SERVICE_KERNEL_DRIVER
StartType     = 3               ; SERVICE_DEMAND_START
ErrorControl  = 1               ; SERVICE_ERROR_NORMAL
ServiceBinary = %12%\\swpnp.sys

; Device interface the driver registers: ${GUID_DEVINTERFACE_SWPNP}

[Strings]
ProviderName      = "ntlab"
ManufacturerName  = "ntlab samples"
DiskName          = "SwPnp Installation Disk"
SwPnp.DeviceDesc  = "SwPnp Software Device"
SwPnp.SvcDesc     = "SwPnp software driver"
`;

/** The three-layer stack's package: IrpFunc as the function driver, IrpFilt as its upper filter. */
export const IRPFUNC_INF = `${infHead(';\n; irpfunc.inf - installs IrpFunc, a root-enumerated WDM function driver,\n; with IrpFilt as an upper filter on the same device\n;\n', 'irpfunc.cat', ['irpfunc.sys', 'irpfilt.sys'])}
[Standard.NTamd64]
%IrpFunc.DeviceDesc% = IrpFunc_Install, Root\\IrpFunc

[IrpFunc_Install.NT]
CopyFiles = IrpFunc_CopyFiles

[IrpFunc_CopyFiles]
irpfunc.sys
irpfilt.sys

[IrpFunc_Install.NT.HW]
AddReg = IrpFunc_Filters

[IrpFunc_Filters]
HKR,,"UpperFilters",0x00010000,"IrpFilt"

[IrpFunc_Install.NT.Services]
AddService = IrpFunc, 0x00000002, IrpFunc_Service
AddService = IrpFilt, , IrpFilt_Service

[IrpFunc_Service]
DisplayName   = %IrpFunc.SvcDesc%
ServiceType   = 1               ; SERVICE_KERNEL_DRIVER
StartType     = 3               ; SERVICE_DEMAND_START
ErrorControl  = 1               ; SERVICE_ERROR_NORMAL
ServiceBinary = %12%\\irpfunc.sys

[IrpFilt_Service]
DisplayName   = %IrpFilt.SvcDesc%
ServiceType   = 1
StartType     = 3
ErrorControl  = 1
ServiceBinary = %12%\\irpfilt.sys

[Strings]
ProviderName       = "ntlab"
ManufacturerName   = "ntlab samples"
DiskName           = "IrpFunc Installation Disk"
IrpFunc.DeviceDesc = "IrpFunc Sample Device"
IrpFunc.SvcDesc    = "IrpFunc function driver"
IrpFilt.SvcDesc    = "IrpFilt upper filter driver"
`;

/** When the samples were built (ms since 1970): file times in dir. */
const BUILT = Date.UTC(2011, 0, 20, 14, 25, 0);

/** Put the sample package (three .sys images and the INF) in `dir`. */
export function installSamplePackage(k: Kernel, dir: string): void {
  k.fs.mkdir(dir, BUILT);
  k.fs.write(`${dir}\\swlegacy.sys`, { size: 12_288, written: BUILT, content: null, image: 'swlegacy' });
  k.fs.write(`${dir}\\swnounload.sys`, { size: 10_752, written: BUILT + 60_000, content: null, image: 'swnounload' });
  k.fs.write(`${dir}\\swpnp.sys`, { size: 16_896, written: BUILT + 120_000, content: null, image: 'swpnp' });
  k.fs.write(`${dir}\\swpnp.inf`, { size: SWPNP_INF.length, written: BUILT + 120_000, content: SWPNP_INF, image: null });
}

/** The IOCTL sample as built (sioctl.sys, ioctlapp.exe), in `dir`. */
export function installIoctlSample(k: Kernel, dir: string): void {
  k.fs.mkdir(dir, BUILT);
  k.fs.write(`${dir}\\sioctl.sys`, { size: 14_848, written: BUILT + 300_000, content: null, image: 'sioctl' });
  k.fs.write(`${dir}\\ioctlapp.exe`, { size: 11_264, written: BUILT + 300_000, content: null, image: null });
}

/** The filter-over-function-driver package (irpfunc.sys, irpfilt.sys, irpfunc.inf), in `dir`. */
export function installIrpStackSample(k: Kernel, dir: string): void {
  k.fs.mkdir(dir, BUILT);
  k.fs.write(`${dir}\\irpfunc.sys`, { size: 9_728, written: BUILT + 360_000, content: null, image: 'irpfunc' });
  k.fs.write(`${dir}\\irpfilt.sys`, { size: 8_704, written: BUILT + 360_000, content: null, image: 'irpfilt' });
  k.fs.write(`${dir}\\irpfunc.inf`, { size: IRPFUNC_INF.length, written: BUILT + 360_000, content: IRPFUNC_INF, image: null });
}
