/**
 * The lab's network: mup.sys as a boot driver (loaded now, and at every boot
 * from its service key), the file server's share \\fileserver\share with a
 * Vault folder in the fulfillment driver's native form, and the share mapped
 * as Z: (a persistent mapping, restored at logon).
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import { registerModule } from '../drivers/modules.ts';
import { nativeForm } from '../drivers/isofull.ts';
import { SHARE_DRIVE, mupDriver } from './mup.ts';
import { fileServerOf } from './server.ts';

registerModule(mupDriver);

const BUILT = Date.UTC(2011, 1, 2, 16, 40, 0);

export const SHARE_FILES: readonly [string, string][] = [['report.txt', 'Pilot report: the isolation filter on the file server.\r\n']];

export function installNetworkShare(k: Kernel): void {
  k.fs.write('C:\\Windows\\System32\\drivers\\mup.sys', { size: 122_880, written: BUILT, content: null, image: 'mup' });
  const key = serviceKey('Mup');
  k.cm.setValue(key, 'Type', 'REG_DWORD', 2);
  k.cm.setValue(key, 'Start', 'REG_DWORD', 0);
  k.cm.setValue(key, 'ErrorControl', 'REG_DWORD', 1);
  k.cm.setValue(key, 'Group', 'REG_SZ', 'Network');
  k.cm.setValue(key, 'ImagePath', 'REG_EXPAND_SZ', 'System32\\Drivers\\mup.sys');
  k.cm.setValue(key, 'DisplayName', 'REG_SZ', 'Mup');
  const server = fileServerOf(k.machine);
  const files = server.store();
  files.mkdir('S:\\Vault', BUILT);
  for (const [name, text] of SHARE_FILES) {
    const native = nativeForm(text);
    files.write(`S:\\Vault\\${name}`, { size: native.length, written: BUILT, content: native, image: null });
  }
  server.state.mappings = [SHARE_DRIVE];
  k.ke.guard('system-thread', () => k.loader.load('Mup'));
  k.scm.markStarted('Mup');
}
