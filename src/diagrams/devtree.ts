/**
 * The PnP device tree beside the object manager's namespace, drawn from a
 * machine's state as an SVG string (no DOM). Each devnode shows its device
 * stack from the top down; the namespace column lists \Driver, the named
 * \Device objects and the symbolic links in \GLOBAL??. A device that no stack
 * contains (a legacy driver's control device) is marked as such, which is the
 * picture behind "a legacy driver never gets PnP or power IRPs".
 *
 * Colours come from currentColor and CSS custom properties
 * (--devtree-accent, --devtree-muted, --devtree-bg), so light and dark themes work.
 */
import type { Machine } from '../kernel/machine.ts';
import { kernelOf, type Kernel } from '../kernel/nt.ts';
import { DEVNODE_STATE_NAMES, DeviceNodeStarted, type DevNode } from '../kernel/pnp/devnode.ts';

export interface DeviceTreeOptions {
  /** Accessible title (default: "PnP device tree and object namespace"). */
  title?: string;
  /** Width in SVG units (default 880). */
  width?: number;
  /**
   * Services to leave out of the picture (their devnodes, driver objects and
   * devices), e.g. the in-box ones, to keep a lesson figure small.
   */
  hide?: readonly string[];
}

interface Line {
  s: string;
  cls: string;
  /** Indentation level (14 units each). */
  indent: number;
}

const LINE = 17;
const PAD = 8;
const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, l: Line): string {
  return `<text x="${x + l.indent * 14}" y="${y}"${l.cls ? ` class="${l.cls}"` : ''}>${esc(l.s)}</text>`;
}

const line = (s: string, cls = '', indent = 0): Line => ({ s, cls, indent });

interface Box {
  depth: number;
  lines: Line[];
  legacy: boolean;
  started: boolean;
}

function stackLines(k: Kernel, dn: DevNode): Line[] {
  if (dn.Pdo === null) return [];
  return k.io.stackOf(dn.Pdo).map((d, i, all) => {
    const driver = k.io.driver(d.DriverObject);
    // The function driver is the devnode's service; any other driver above the PDO is a filter.
    const fdo = driver.DriverExtension.ServiceKeyName.toLowerCase() === (dn.Service ?? '').toLowerCase();
    const role = i === all.length - 1 ? 'PDO' : fdo ? 'FDO' : 'filter';
    return line(`${role} ${d.Name ?? '(unnamed)'}  ${driver.DriverName}`, role === 'PDO' ? 'm' : 'a', 1);
  });
}

/** Lower-case service names to hide, and the driver object ids they own. */
function hidden(k: Kernel, hide: readonly string[]): { services: Set<string>; drivers: Set<number> } {
  const services = new Set(hide.map((h) => h.toLowerCase()));
  const drivers = new Set<number>();
  for (const d of Object.values(k.io.state.drivers)) if (services.has(d.DriverExtension.ServiceKeyName.toLowerCase())) drivers.add(d.id);
  return { services, drivers };
}

function boxes(k: Kernel, hide: ReturnType<typeof hidden>): Box[] {
  const out: Box[] = [];
  const walk = (id: number, depth: number) => {
    const dn = k.pnp.devnode(id);
    if (dn.Service && hide.services.has(dn.Service.toLowerCase())) return;
    const root = id === k.pnp.state.root;
    const lines = [
      line(dn.InstancePath, 'b'),
      line(root ? 'root enumerator' : `${dn.Description || '(no description)'}${dn.Service ? `  [${dn.Service}]` : ''}`),
      line(dn.Problem ? `problem ${dn.Problem}` : (DEVNODE_STATE_NAMES[dn.State] ?? dn.State.toString(16)), 'm'),
      ...stackLines(k, dn),
    ];
    if (dn.Legacy) lines.push(line('placeholder only: the driver’s device is elsewhere', 'm', 1));
    out.push({ depth, lines, legacy: dn.Legacy, started: dn.State === DeviceNodeStarted });
    for (const c of dn.Children) walk(c, depth + 1);
  };
  walk(k.pnp.state.root, 0);
  return out;
}

function namespaceLines(k: Kernel, hide: ReturnType<typeof hidden>): Line[] {
  const inStack = new Set<number>();
  const hiddenDevices = new Set<number>();
  for (const dn of k.pnp.all()) {
    if (dn.Pdo === null) continue;
    const stack = k.io.stackOf(dn.Pdo);
    for (const d of stack) inStack.add(d.id);
    if (dn.Service && hide.services.has(dn.Service.toLowerCase())) for (const d of stack) hiddenDevices.add(d.id);
  }
  const lines: Line[] = [];
  const dir = (path: string) => k.ob.list(k.ob.lookup(path).id);
  for (const d of ['\\Driver', '\\FileSystem']) {
    lines.push(line(d, 'b'));
    for (const o of dir(d)) if (!hide.drivers.has(o.id)) lines.push(line(o.Name, '', 1));
  }
  lines.push(line('\\Device', 'b'));
  for (const o of dir('\\Device')) {
    const dev = k.io.state.devices[o.id];
    if (!dev || hide.drivers.has(dev.DriverObject) || hiddenDevices.has(dev.id)) continue;
    const alone = !inStack.has(dev.id);
    lines.push(line(`${o.Name}  ${k.io.driver(dev.DriverObject).DriverName}`, alone ? 'a' : '', 1));
    if (alone) lines.push(line('in no PnP device stack', 'a', 2));
  }
  lines.push(line('\\GLOBAL??  (symbolic links)', 'b'));
  for (const o of dir('\\GLOBAL??')) {
    if (o.Type !== 'SymbolicLink' || o.Name === 'Global') continue;
    const target = k.ob.lookup(o.Target ?? '');
    const dev = target.status === 0 ? k.io.state.devices[target.id] : undefined;
    if (dev && (hide.drivers.has(dev.DriverObject) || hiddenDevices.has(dev.id))) continue;
    lines.push(line(o.Name, '', 1));
    lines.push(line(`-> ${o.Target ?? ''}`, 'm', 2));
  }
  return lines;
}

/** The SVG for a machine booted with a Windows kernel (an empty figure with a note otherwise). */
export function deviceTreeSvg(machine: Machine, options: DeviceTreeOptions = {}): string {
  const k = kernelOf(machine);
  const title = options.title ?? 'PnP device tree and object namespace';
  const width = options.width ?? 880;
  const half = Math.floor(width / 2);
  if (!k) {
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="dt-t" viewBox="0 0 ${width} 40" width="${width}" height="40"><title id="dt-t">${esc(title)}</title>${text(8, 24, line('This machine has no Windows kernel.'))}</svg>`;
  }
  const hide = hidden(k, options.hide ?? []);
  const parts: string[] = [];
  let y = 28;
  parts.push(text(PAD, 18, line('PnP device tree (each stack from the top down)', 'h')));
  for (const b of boxes(k, hide)) {
    const x = PAD + b.depth * 18;
    const h = b.lines.length * LINE + PAD;
    const w = half - x - PAD * 2;
    parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" class="box${b.legacy ? ' legacy' : ''}${b.started ? '' : ' off'}"/>`);
    b.lines.forEach((l, i) => parts.push(text(x + 6, y + LINE * (i + 1) - 3, l)));
    y += h + 6;
  }
  const leftHeight = y;
  const right = namespaceLines(k, hide);
  const rx = half + PAD;
  parts.push(text(rx, 18, line('Object manager namespace', 'h')));
  right.forEach((l, i) => parts.push(text(rx, 28 + LINE * (i + 1) - 3, l)));
  const height = Math.max(leftHeight, 28 + right.length * LINE + PAD) + PAD;
  const legacyDevices = right.filter((l) => l.s === 'in no PnP device stack').length;
  const desc = `${k.pnp.all().length - 1} device nodes under HTREE\\ROOT\\0; ${Object.keys(k.io.state.drivers).length} driver objects; ${legacyDevices} named device(s) in no PnP stack.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="dt-t dt-d" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT}" font-size="12">`,
    `<title id="dt-t">${esc(title)}</title>`,
    `<desc id="dt-d">${esc(desc)}</desc>`,
    '<style>',
    'text{fill:currentColor}',
    '.h{font-weight:700;font-size:13px}',
    '.b{font-weight:700}',
    '.m{fill:var(--devtree-muted,currentColor);opacity:.75}',
    '.a{fill:var(--devtree-accent,currentColor);font-weight:600}',
    '.box{fill:var(--devtree-bg,none);stroke:currentColor;stroke-opacity:.5}',
    '.box.legacy{stroke-dasharray:4 3}',
    '.box.off{stroke-opacity:.25}',
    '</style>',
    `<line x1="${half}" y1="8" x2="${half}" y2="${height - 8}" stroke="currentColor" stroke-opacity=".25"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
