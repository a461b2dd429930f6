/** The lab's sample driver package: files in a folder, as a student would unzip them. */
import type { Kernel } from '../nt.ts';
import { GUID_DEVCLASS_SAMPLE, GUID_DEVINTERFACE_SWPNP } from './guids.ts';

export const SWPNP_INF = `;
; swpnp.inf - installs SwPnp, a root-enumerated software-only KMDF driver
;

[Version]
Signature   = "$WINDOWS NT$"
Class       = Sample
ClassGuid   = ${GUID_DEVCLASS_SAMPLE}
Provider    = %ProviderName%
DriverVer   = 01/20/2011,1.0.0.1
CatalogFile = swpnp.cat

[DestinationDirs]
DefaultDestDir = 12

[SourceDisksNames]
1 = %DiskName%,,,""

[SourceDisksFiles]
swpnp.sys = 1

[Manufacturer]
%ManufacturerName% = Standard, NTamd64

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
