/**
 * SetupAPI's part of installing a root-enumerated device from an INF (what
 * devcon install does): create the devnode, publish the INF as oemN.inf, copy
 * the files, create the service from AddService, then let the PnP manager
 * load the driver and start the device.
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import { baseName } from '../fs/files.ts';
import { NT_SUCCESS } from '../status.ts';
import { copyFiles, decoratedSection, dirid, hardwareAddReg, parseInf, serviceInstalls, type InfFile, type InfServiceInstall } from './inf.ts';
import { enumKey } from './pnpmgr.ts';
import type { DevNode } from './devnode.ts';

export type InstallResult =
  | { ok: true; devnode: DevNode; started: boolean }
  | { ok: false; stage: 'inf'; devnode: null }
  | { ok: false; stage: 'driver'; devnode: DevNode };

export function readInf(k: Kernel, path: string): InfFile | null {
  const file = k.fs.file(path);
  return file?.content ? parseInf(file.content) : null;
}

/** Publish an INF into C:\Windows\inf as the next oemN.inf (the same INF is published once). */
export function publishInf(k: Kernel, path: string): string {
  const file = k.fs.file(path);
  const existing = k.fs.list('C:\\Windows\\inf').files.filter((f) => /^oem\d+\.inf$/i.test(baseName(f.path)));
  const same = existing.find((f) => f.content === file?.content);
  if (same) return baseName(same.path);
  let n = 0;
  while (existing.some((f) => baseName(f.path).toLowerCase() === `oem${n}.inf`)) n++;
  const name = `oem${n}.inf`;
  if (file) k.fs.write(`C:\\Windows\\inf\\${name}`, { ...file, written: k.now() });
  return name;
}

export function installRootDevice(k: Kernel, infPath: string, hardwareId: string): InstallResult {
  const inf = readInf(k, infPath);
  if (!inf || !inf.className) return { ok: false, stage: 'inf', devnode: null };
  const model = modelFor(inf, hardwareId);
  const dn = k.pnp.createRootDevice(hardwareId, inf.className, inf.classGuid, model?.description ?? '');
  dn.Class = inf.className;
  const installed = installOnDevice(k, infPath, inf, dn);
  if (installed === null) return { ok: false, stage: 'driver', devnode: dn };
  return { ok: true, devnode: dn, started: installed };
}

/** The INF's model for a hardware id, if it has one. */
function modelFor(inf: InfFile, hardwareId: string) {
  return inf.models.find((m) => m.hardwareIds.some((h) => h.toLowerCase() === hardwareId.toLowerCase()));
}

/**
 * Install an INF's driver on an existing devnode whose hardware id it matches: publish the
 * INF, copy the files, create the service, record the driver and start the device. Returns
 * whether the device started, or null when the INF has no usable driver for it.
 */
export function installOnDevice(k: Kernel, infPath: string, inf: InfFile, dn: DevNode): boolean | null {
  const model = dn.HardwareIds.map((h) => modelFor(inf, h)).find((m) => m !== undefined);
  if (!model) return null;
  const section = decoratedSection(inf, model.installSection);
  if (!section) return null;
  const published = publishInf(k, infPath);
  const source = infPath.slice(0, infPath.lastIndexOf('\\'));
  const destDir = dirid(/DefaultDestDir\s*=\s*(\S+)/i.exec((inf.sections.get('destinationdirs') ?? []).join('\n'))?.[1] ?? '12');
  for (const f of copyFiles(inf, section)) k.fs.copy(`${source}\\${f}`, `${destDir}\\${f}`, k.now());
  const services = serviceInstalls(inf, section);
  const service = services.find((s) => s.flags & 0x2);
  if (!service) return null;
  // Every AddService makes a service; the one flagged SPSVCINST_ASSOCSERVICE is the device's function driver.
  for (const s of services) createService(k, s);
  k.pnp.setDriver(dn, service.name, model.description, inf.manufacturer, published, section);
  for (const r of hardwareAddReg(inf, section)) k.cm.setValue(enumKey(dn.InstancePath), r.name, r.type, r.data);
  k.machine.events.emit('pnp.deviceInstalled', { instance: dn.InstancePath, hardwareId: dn.HardwareIds[0] ?? '', service: service.name, inf: published });
  const status = k.ke.guard('system-thread', () => k.pnp.start(dn));
  return status !== null && NT_SUCCESS(status);
}

function createService(k: Kernel, service: InfServiceInstall): void {
  const key = serviceKey(service.name);
  k.cm.setValue(key, 'Type', 'REG_DWORD', service.serviceType);
  k.cm.setValue(key, 'Start', 'REG_DWORD', service.startType);
  k.cm.setValue(key, 'ErrorControl', 'REG_DWORD', service.errorControl);
  const binary = service.serviceBinary.replace(/^%12%\\/i, '\\SystemRoot\\system32\\DRIVERS\\');
  k.cm.setValue(key, 'ImagePath', 'REG_EXPAND_SZ', binary);
  k.cm.setValue(key, 'DisplayName', 'REG_SZ', service.displayName ?? service.name);
}

/** The image files a published driver package installs (for its signer). */
export function packageImages(inf: InfFile): string[] {
  const out: string[] = [];
  for (const model of inf.models) {
    const section = decoratedSection(inf, model.installSection);
    if (section) for (const f of copyFiles(inf, section)) if (/\.sys$/i.test(f) && !out.includes(f)) out.push(f);
  }
  return out;
}
