/**
 * pnputil.exe as Windows 7 has it: the driver store's third-party packages.
 * -a adds (publishes) a package as oemN.inf, -i -a also installs it on the
 * devices it matches, -e lists the published packages, -d deletes one (-f
 * even while a device uses it). Windows 10's /enum-devices, /add-driver and
 * the like do not exist here: they get the usage screen, as on Windows 7.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { baseName, parentDir } from '../../kernel/fs/files.ts';
import { fullPathOf } from '../drives.ts';
import { moduleCode } from '../../kernel/drivers/modules.ts';
import { installOnDevice, packageImages, publishInf, readInf } from '../../kernel/pnp/setup.ts';
import { CM_PROB_FAILED_INSTALL } from '../../kernel/pnp/devnode.ts';
import type { InfFile } from '../../kernel/pnp/inf.ts';
import { win32Message } from '../../kernel/win32.ts';
import { wildcardMatch, withKernel } from './ntcommon.ts';

const USAGE = `Microsoft PnP Utility
Usage:
------
pnputil.exe [-f | -i] [ -? | -a | -d | -e ] <INF name>
Examples:
pnputil.exe -a a:\\usbcam\\USBCAM.INF      -> Add package specified by USBCAM.INF
pnputil.exe -a c:\\drivers\\*.inf          -> Add all packages in c:\\drivers\\
pnputil.exe -i -a a:\\usbcam\\USBCAM.INF   -> Add and install driver package
pnputil.exe -e                           -> Enumerate all 3rd party packages
pnputil.exe -d oem0.inf                  -> Delete package oem0.inf
pnputil.exe -f -d oem0.inf               -> Force delete package oem0.inf
pnputil.exe -?                           -> This usage screen
`;

const INF_DIR = 'C:\\Windows\\inf';
const LABEL = (s: string) => `${s} :`.padEnd(28);
const EXIT_FAILED = 1;

interface Options {
  op: 'a' | 'd' | 'e' | '?';
  force: boolean;
  install: boolean;
  name: string | null;
}

/** Parse -f/-i and one operation; null for anything else (pnputil then shows its usage). */
function parse(args: readonly string[]): Options | null {
  let op: Options['op'] | null = null;
  let force = false;
  let install = false;
  let name: string | null = null;
  for (const arg of args) {
    const m = /^[-/]([a-z?])$/i.exec(arg);
    const flag = m?.[1].toLowerCase();
    if (flag === 'f') force = true;
    else if (flag === 'i') install = true;
    else if (flag === 'a' || flag === 'd' || flag === 'e' || flag === '?') {
      if (op !== null) return null;
      op = flag;
    } else if (!m && name === null && op !== null) name = arg;
    else return null;
  }
  if (op === null) return null;
  if ((op === 'a' || op === 'd') !== (name !== null)) return null;
  if ((install && op !== 'a') || (force && op !== 'd')) return null;
  return { op, force, install, name };
}

function published(k: Kernel): string[] {
  return k.fs
    .list(INF_DIR)
    .files.map((f) => baseName(f.path))
    .filter((n) => /^oem\d+\.inf$/i.test(n));
}

/** Who signed the package's driver images, as installed in System32\\drivers ('' when unsigned or not installed). */
function signerOf(k: Kernel, inf: InfFile): string {
  for (const f of packageImages(inf)) {
    const image = k.fs.file(`C:\\Windows\\System32\\drivers\\${f}`)?.image;
    const code = image ? moduleCode(image) : undefined;
    if (!code || code.signature === null) continue;
    return code.signature === undefined ? 'Microsoft Windows' : code.signature.signer;
  }
  return '';
}

function enumerate(ctx: CommandContext, k: Kernel): number {
  ctx.out('Microsoft PnP Utility');
  ctx.out('');
  const names = published(k);
  if (names.length === 0) {
    ctx.out('No published driver packages were found on the system.');
    return 0;
  }
  for (const name of names) {
    const inf = readInf(k, `${INF_DIR}\\${name}`);
    const [date = '', version = ''] = (inf?.driverVer ?? '').split(',').map((s) => s.trim());
    const signer = inf ? signerOf(k, inf) : '';
    ctx.out(LABEL('Published name') + name);
    ctx.out(LABEL('Driver package provider') + (inf?.provider ?? ''));
    ctx.out(LABEL('Class') + (inf?.className ?? ''));
    ctx.out(LABEL('Driver version and date') + `${date} ${version}`.trim());
    ctx.out(LABEL('Signer name') + signer);
    ctx.out('');
  }
  return 0;
}

/** -a (and -i -a): publish each INF the name matches (wildcards allowed in the file name). */
function add(ctx: CommandContext, k: Kernel, name: string, install: boolean): number {
  const path = fullPathOf(ctx.state, name);
  const dir = parentDir(path);
  const pattern = baseName(path);
  const files = /[*?]/.test(pattern)
    ? k.fs
        .list(dir)
        .files.filter((f) => wildcardMatch(pattern, baseName(f.path), true))
        .map((f) => f.path)
    : [path];
  ctx.out('Microsoft PnP Utility');
  ctx.out('');
  let imported = 0;
  for (const file of files) {
    ctx.out(LABEL('Processing inf') + baseName(file));
    const inf = k.fs.file(file) ? readInf(k, file) : null;
    if (!k.fs.file(file)) {
      ctx.out(`Adding the driver package failed : ${win32Message(k.fs.isDir(dir) ? 2 : 3)}`);
      continue;
    }
    if (!inf?.className || inf.models.length === 0) {
      ctx.out('Adding the driver package failed : Invalid INF passed as parameter.');
      continue;
    }
    if (install) {
      const devices = k.pnp.ordered().filter((d) => d.Problem === CM_PROB_FAILED_INSTALL && d.Service === null);
      const done = devices.filter((d) => installOnDevice(k, file, inf, d) !== null);
      if (k.halted) return EXIT_FAILED;
      ctx.out(
        done.length
          ? 'Successfully installed the driver on a device on the system.'
          : 'Failed to install the driver on any of the devices on the system : No more data is available.',
      );
    }
    const oem = publishInf(k, file);
    ctx.out('Driver package added successfully.');
    ctx.out(LABEL('Published name') + oem);
    imported++;
  }
  ctx.out('');
  ctx.out('');
  ctx.out(`${'Total attempted:'.padEnd(30)}${files.length}`);
  ctx.out(`${'Number successfully imported:'.padEnd(30)}${imported}`);
  ctx.out('');
  return imported === files.length ? 0 : EXIT_FAILED;
}

function remove(ctx: CommandContext, k: Kernel, name: string, force: boolean): number {
  ctx.out('Microsoft PnP Utility');
  ctx.out('');
  const oem = published(k).find((n) => n.toLowerCase() === name.toLowerCase());
  if (!oem) {
    ctx.out('Deleting the driver package failed : Invalid INF passed as parameter.');
    return EXIT_FAILED;
  }
  if (!force && k.pnp.all().some((d) => d.Inf?.toLowerCase() === oem.toLowerCase())) {
    ctx.out('Deleting the driver package failed : One or more devices are presently installed using the specified INF.');
    return EXIT_FAILED;
  }
  k.fs.remove(`${INF_DIR}\\${oem}`);
  ctx.out('Driver package deleted successfully.');
  return 0;
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  const o = parse(args);
  if (!o || o.op === '?') {
    ctx.host.write(USAGE);
    return o ? 0 : 87;
  }
  if (o.op === 'e') return enumerate(ctx, k);
  if (o.op === 'a') return add(ctx, k, o.name ?? '', o.install);
  return remove(ctx, k, o.name ?? '', o.force);
}

export const pnputil: ConsoleCommand = {
  name: 'pnputil',
  summary: 'Microsoft PnP Utility: adds, lists and deletes driver packages (-a, -e, -d).',
  help: USAGE,
  run(args, ctx) {
    return withKernel(ctx, 'pnputil', (k) => run(args, ctx, k));
  },
};
