/**
 * `!address [Address]` in a kernel session: the map of the whole virtual
 * address space (the user range of the process in context, the system range
 * with its images, pool, stacks and system PTEs), built from the target's
 * regions and modules on each run. With an address: the region holding it.
 * Without: every region, then a usage summary; `-summary` prints the summary
 * alone. The layout is the one public transcripts of kernel sessions show
 * ("Mapping …", then Usage / Base Address / … / VA Type, VA types named as
 * the memory manager's MI_SYSTEM_VA_TYPE); the table and the summary follow
 * the user-mode extension's columns.
 */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, hex } from '../format.ts';
import type { AddressRegion, Target } from '../target.ts';

/** What the extension prints while it builds the map, before any answer. */
const MAPPING = [
  'Mapping user range ...',
  'Mapping system range ...',
  'Mapping non addressable range ...',
  'Mapping page tables...',
  'Mapping hyperspace...',
  'Mapping HAL reserved range...',
  'Mapping User Probe Area...',
  'Mapping system shared page...',
  'Mapping system cache working set...',
  'Mapping loader mappings...',
  'Mapping system PTEs...',
  'Mapping system paged pool...',
  'Mapping session space...',
  'Mapping dynamic system space...',
  'Mapping PFN database...',
  'Mapping non paged pool...',
  'Mapping VAD regions...',
  'Mapping module regions...',
  'Mapping process, thread, and stack regions...',
  'Mapping system cache regions...',
];

/** How an architecture splits its address space, and how the extension prints its addresses. */
interface Layout {
  /** The space between regions by range: the user range, (x64) the hole no address translates, the system range. */
  readonly parts: readonly (readonly [bigint, bigint, string])[];
  /** The last page is never mapped; the map stops below it. */
  readonly end: bigint;
  /** Single-address form (fffff880`01052000; 8 digits on x86). */
  readonly pointer: (v: bigint) => string;
  /** Table form (0`7ffe0000; 8 digits on x86). */
  readonly table: (v: bigint) => string;
  /** An address as the map keys it (x86: the low 32 bits of a sign-extended address). */
  readonly key: (v: bigint) => bigint;
  /** The memory manager's fixed ranges, for a target that lists only what is allocated in them (the live machine's pool pages). */
  readonly fixed: readonly AddressRegion[];
}

/** Windows 7 x64: the user range ends below the 64 KB probe area at 8 TB; the system range starts at ffff0800`00000000. */
const X64: Layout = {
  parts: [
    [0n, 0x000007ffffff0000n, 'UserRange'],
    [0x000007ffffff0000n, 0xffff080000000000n, 'NonAddressable'],
    [0xffff080000000000n, 0xfffffffffffff000n, 'SystemRange'],
  ],
  end: 0xfffffffffffff000n,
  pointer: addr64,
  table: (v) => `${(v >> 32n).toString(16)}\`${hex(v & 0xffffffffn, 8)}`,
  key: (v) => v,
  fixed: [
    { start: 0xfffff88000000000n, end: 0xfffff8a000000000n, kind: 'System PTE' },
    { start: 0xfffff8a000000000n, end: 0xfffff8c000000000n, kind: 'Paged pool' },
    { start: 0xfffffa8000000000n, end: 0xfffffa8100000000n, kind: 'Nonpaged pool' },
  ],
};

/** 32-bit Windows: 2 GB of user range, then the system range. */
const X86: Layout = {
  parts: [
    [0n, 0x80000000n, 'UserRange'],
    [0x80000000n, 0xfffff000n, 'SystemRange'],
  ],
  end: 0xfffff000n,
  pointer: (v) => hex(v, 8),
  table: (v) => hex(v, 8),
  key: (v) => v & 0xffffffffn,
  fixed: [],
};

const layoutOf = (t: Target): Layout => (t.arch === 'x86' ? X86 : X64);

/** One span of the map: a region, or the space between regions. */
export interface Span {
  readonly start: bigint;
  readonly end: bigint;
  readonly usage: string;
  readonly vaType: string;
  /** Lines after VA Type in the single-address form. */
  readonly details: readonly string[];
  /** The bracketed note of the table row. */
  readonly note: string;
  readonly busy: boolean;
}

const label = (name: string, value: string): string => `${`${name}:`.padEnd(24)}${value}`;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** The VA type of each kind of system region (user regions are all UserRange). */
const VA_TYPES = new Map<AddressRegion['kind'], string>([
  ['Image', 'BootLoaded'],
  ['Nonpaged pool', 'NonPagedPool'],
  ['Paged pool', 'PagedPool'],
  ['Special pool', 'SpecialPoolPaged'],
  ['System PTE', 'SystemPtes'],
  ['Kernel stack', 'SystemPtes'],
]);

function describe(r: AddressRegion): Omit<Span, 'start' | 'end'> {
  const vaType = VA_TYPES.get(r.kind) ?? 'UserRange';
  const ids = r.thread ? `${hex(r.thread.pid)}.${hex(r.thread.tid)}` : '';
  switch (r.kind) {
    case 'Image':
    case 'User image': {
      const m = r.module;
      const details = m ? [label('Module name', baseName(m.path)), label('Module path', `[${m.path}]`)] : [];
      return { usage: 'Module', vaType, details, note: m ? `[${m.name}; "${m.path}"]` : '', busy: true };
    }
    case 'Kernel stack':
    case 'User stack':
      return {
        usage: 'Stack',
        vaType,
        details: r.thread ? [label('More info', `!thread ${hex(r.thread.ethread, 16)}`)] : [],
        note: ids ? `[${ids}]` : '',
        busy: true,
      };
    case 'TEB':
      return { usage: 'TEB', vaType, details: [], note: ids ? `[${ids}]` : '', busy: true };
    case 'PEB':
    case 'Heap':
      return { usage: r.kind, vaType, details: [], note: '', busy: true };
    default:
      return { usage: '', vaType, details: [], note: '', busy: true };
  }
}

/** The space between regions: the user range, the hole no address translates, or the system range. */
function gaps(layout: Layout, start: bigint, end: bigint, push: (s: Span) => void): void {
  for (const [from, to, vaType] of layout.parts) {
    const s = start > from ? start : from;
    const e = end < to ? end : to;
    if (s < e) push({ start: s, end: e, usage: '', vaType, details: [], note: '', busy: false });
  }
}

/** Every region the target knows, images included once, clipped to the map. */
function regionsOf(target: Target, layout: Layout): AddressRegion[] {
  const list = [...target.regions()];
  for (const f of layout.fixed) {
    // A target that describes the whole range (a dump) keeps its own.
    if (!list.some((r) => r.kind === f.kind && r.end - r.start >= 0x40000000n)) list.push(f);
  }
  const images = new Set(list.filter((r) => r.kind === 'Image' || r.kind === 'User image').map((r) => r.start));
  for (const m of target.modules()) {
    if (images.has(m.base)) continue;
    list.push({ start: m.base, end: m.base + BigInt(m.size), kind: m.user ? 'User image' : 'Image', module: { name: m.name, path: m.path } });
  }
  const k = layout.key;
  const out: AddressRegion[] = [];
  for (const r of list) {
    const start = k(r.start);
    let end = k(r.end - 1n) + 1n;
    if (end > layout.end) end = layout.end;
    if (end > start) out.push({ ...r, start, end });
  }
  return out;
}

/**
 * The map as non-overlapping spans in address order: where regions nest (an
 * image or a stack inside the system PTE range), the innermost wins; runs of
 * one kind with nothing to tell them apart (pool pages) are one span.
 */
export function addressMap(target: Target): Span[] {
  const layout = layoutOf(target);
  const regions = regionsOf(target, layout);
  const cuts = new Set<bigint>([0n, layout.end]);
  for (const r of regions) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sorted = [...regions].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const spans: Span[] = [];
  const push = (s: Span): void => {
    const last = spans[spans.length - 1];
    const same =
      last && last.end === s.start && last.usage === s.usage && last.vaType === s.vaType && last.note === s.note && last.details.join() === s.details.join();
    if (same) spans[spans.length - 1] = { ...last, end: s.end };
    else spans.push(s);
  };
  let open: AddressRegion[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    while (next < sorted.length && sorted[next].start <= from) open.push(sorted[next++]);
    open = open.filter((r) => r.end > from);
    let inner: AddressRegion | null = null;
    for (const r of open) if (r.start <= from && r.end >= to && (!inner || r.end - r.start < inner.end - inner.start)) inner = r;
    if (inner) push({ start: from, end: to, ...describe(inner) });
    else gaps(layout, from, to, push);
  }
  return spans;
}

/** 4.000 kB, 43.898 MB… as the summary shows sizes. */
function humanSize(v: bigint): string {
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let unit = 0;
  let scaled = Number(v) / 1024;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `(${scaled.toFixed(3).padStart(8)} ${units[unit]})`;
}

function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.00%';
  return `${(Number((part * 10_000n) / whole) / 100).toFixed(2)}%`;
}

function summary(layout: Layout, spans: readonly Span[]): string[] {
  const rows = new Map<string, { count: number; size: bigint }>();
  let busy = 0n;
  let total = 0n;
  for (const s of spans) {
    const name = !s.busy ? 'Free' : s.usage === '' ? '<unknown>' : s.usage;
    const row = rows.get(name) ?? { count: 0, size: 0n };
    row.count++;
    row.size += s.end - s.start;
    rows.set(name, row);
    if (s.busy) busy += s.end - s.start;
    total += s.end - s.start;
  }
  const out = ['--- Usage Summary ---------------- RgnCount ----------- Total Size -------- %ofBusy %ofTotal'];
  const names = [...rows.keys()].sort((a, b) => (a === 'Free' ? -1 : b === 'Free' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const r = rows.get(name) as { count: number; size: bigint };
    const share = name === 'Free' ? ' '.repeat(9) : percent(r.size, busy).padStart(9);
    out.push(
      `${name.padEnd(32)}${String(r.count).padStart(11)}${layout.table(r.size).padStart(18)} ${humanSize(r.size)}${share}${percent(r.size, total).padStart(9)}`,
    );
  }
  return out;
}

function table(layout: Layout, spans: readonly Span[]): string[] {
  const header = `${'BaseAddress'.padStart(19)}${'EndAddress+1'.padStart(18)}${'RegionSize'.padStart(18)} ${'VaType'.padEnd(18)} Usage`;
  const out = [header, '-'.repeat(header.length)];
  for (const s of spans) {
    const row = `+${layout.table(s.start).padStart(18)}${layout.table(s.end).padStart(18)}${layout.table(s.end - s.start).padStart(18)} ${s.vaType.padEnd(18)} ${s.usage.padEnd(10)} ${s.note}`;
    out.push(row.trimEnd());
  }
  return out;
}

function single(c: CommandContext, address: bigint): void {
  const layout = layoutOf(c.session.target);
  const at = layout.key(address);
  const s = addressMap(c.session.target).find((x) => at >= x.start && at < x.end);
  c.out.push(...MAPPING, '', '');
  const p = layout.pointer;
  if (!s) {
    // The last page, above the map: nothing maps it.
    c.out.push(
      label('Usage', ''),
      label('Base Address', p(layout.end)),
      label('End Address', p(layout.end + 0xfffn)),
      label('Region Size', p(0x1000n)),
      label('VA Type', 'SystemRange'),
    );
    return;
  }
  c.out.push(
    label('Usage', s.usage),
    label('Base Address', p(s.start)),
    label('End Address', p(s.end)),
    label('Region Size', p(s.end - s.start)),
    label('VA Type', s.vaType),
    ...s.details,
  );
}

export const address: KdCommand = {
  verbs: ['!address'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      const rest = c.line.slice(i).trimEnd();
      if (rest === '' || /^-summary$/i.test(rest)) {
        const layout = layoutOf(s.target);
        const spans = addressMap(s.target);
        c.out.push(...MAPPING, '');
        if (rest === '') c.out.push(...table(layout, spans), '');
        c.out.push(...summary(layout, spans));
        return true;
      }
      const a = s.evaluate(c.line, i);
      const after = skipBlanks(c.line, a.end);
      if (after < c.line.length) return caretError(c, after, 'Syntax');
      noteAddress(c, a.value);
      single(c, a.value);
      return true;
    });
  },
};
