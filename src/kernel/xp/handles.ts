/**
 * The XP machine's object manager state, as memory: the object types, the named
 * objects every Win32 process opens, and each process's handle table with as many
 * entries in use as its HANDLE_TABLE.HandleCount says (the article's counts).
 *
 * XP SP3 x86 layouts: an object is a 0x18-byte OBJECT_HEADER (PointerCount,
 * HandleCount, Type, NameInfoOffset…) followed by its body; a named object has an
 * OBJECT_HEADER_NAME_INFO (Directory, Name) NameInfoOffset bytes before the
 * header; an OBJECT_TYPE keeps its name at +0x40. A handle table's TableCode is a
 * page of 512 HANDLE_TABLE_ENTRYs (level 0) or, with low bit 1, a page of pointers
 * to such pages (level 1); an entry is the header's address with bit 0 set (not
 * locked) and the inherit/audit bits, then the granted access. Handle 0 is never
 * used; handle h is entry h/4. Idle and System share the kernel's table.
 */
import { utf16z } from '../mm/layout.ts';
import { PROCESSES, type XpProcess } from './data.ts';
import { Pages } from './pages.ts';

export const OBJECT_HEADER_SIZE = 0x18;
const NAME_INFO_SIZE = 0x10;
const ENTRIES_PER_PAGE = 512;

/** Where the machine keeps what this file lays out. */
const TYPE_BASE = 0x89e4f000;
const NONPAGED_BASE = 0x89700000;
const PAGED_BASE = 0xe1a00000;
const TABLE_BASE = 0xe1c00000;

const TYPES = [
  'Type',
  'Directory',
  'SymbolicLink',
  'Token',
  'Process',
  'Thread',
  'Event',
  'KeyedEvent',
  'Mutant',
  'Semaphore',
  'Timer',
  'Section',
  'Key',
  'Port',
  'WindowStation',
  'Desktop',
  'File',
  'IoCompletion',
  'Device',
] as const;
export type XpObjectType = (typeof TYPES)[number];

/** Objects in paged pool (e1…); the rest are nonpaged (89…). */
const PAGED: ReadonlySet<XpObjectType> = new Set(['Directory', 'SymbolicLink', 'Token', 'KeyedEvent', 'Section', 'Key', 'Port']);

/** The address of an object type (its body). */
export function typeAddress(type: XpObjectType): number {
  // Each type: its name info and header, then the 0x190-byte OBJECT_TYPE.
  return TYPE_BASE + NAME_INFO_SIZE + OBJECT_HEADER_SIZE + TYPES.indexOf(type) * 0x1c0;
}

/** One handle: what it names and how it was opened. */
interface HandleSpec {
  readonly type: XpObjectType;
  /** A name shared by every process that opens it (one object), or a private unnamed object (null). */
  readonly name: string | null;
  readonly access: number;
  readonly inherit?: boolean;
  /** A file's path on the volume. */
  readonly file?: string;
}

const h = (type: XpObjectType, name: string | null, access: number, extra: Partial<HandleSpec> = {}): HandleSpec => ({ type, name, access, ...extra });

/** The handles a Win32 process opens while kernel32, user32 and the loader start it, in handle order. */
const WIN32_START: readonly HandleSpec[] = [
  h('KeyedEvent', 'CritSecOutOfMemoryEvent', 0x000f0003),
  h('Directory', 'KnownDlls', 0x00000003),
  h('File', null, 0x00100020, { inherit: true, file: '\\Documents and Settings\\Administrator' }),
  h('Directory', 'Windows', 0x000f000f),
  h('Port', null, 0x001f0001),
  h('WindowStation', 'WinSta0', 0x000f037f),
  h('Desktop', 'Default', 0x000f01ff),
  h('WindowStation', 'WinSta0', 0x000f037f),
  h('Directory', 'BaseNamedObjects', 0x0002000f),
  h('Semaphore', null, 0x00100003),
  h('Semaphore', null, 0x00100003),
  h('Key', '\\REGISTRY\\MACHINE', 0x00020019),
  h('Event', null, 0x001f0003),
  h('Key', '\\REGISTRY\\USER\\S-1-5-21-1004336348-1177238915-682003330-500', 0x000f003f),
  h('Section', null, 0x00000004),
  h('Event', null, 0x001f0003),
  h('Mutant', 'ShimCacheMutex', 0x00100000),
  h('Section', 'ShimSharedMemory', 0x00000006),
  h('Key', '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Drivers32', 0x00020019),
  h('Mutant', 'ctfmon.exe_MUTEX', 0x001f0001),
  h('Event', null, 0x001f0003),
  h('Thread', null, 0x001f03ff),
  h('File', null, 0x00100020, { file: '\\WINDOWS\\WinSxS\\x86_Microsoft.Windows.Common-Controls_6595b64144ccf1df_6.0.2600.5512_x-ww_35d4ce83' }),
  h('Key', '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Nls\\Locale', 0x00020019),
  h('Key', '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Nls\\Language Groups', 0x00020019),
  h('Section', null, 0x00000004),
  h('Port', null, 0x001f0001),
  h('Event', null, 0x001f0003),
  h('Mutant', null, 0x001f0001),
];

/** Handles a busier process keeps opening, cycled until its count is reached. */
const MORE: readonly HandleSpec[] = [
  h('Event', null, 0x001f0003),
  h('Key', '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters', 0x00020019),
  h('Event', null, 0x00100003),
  h('Semaphore', null, 0x001f0003),
  h('Thread', null, 0x001f03ff),
  h('Port', null, 0x001f0001),
  h('Timer', null, 0x001f0003),
  h('File', null, 0x0012019f, { file: '\\Endpoint' }),
  h('IoCompletion', null, 0x001f0003),
  h('Key', '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion', 0x00020019),
  h('Mutant', null, 0x001f0001),
  h('Event', null, 0x001f0003),
  h('Section', null, 0x000f0007),
];

/** The kernel's own handles (System's table, which Idle shows too). */
const KERNEL: readonly HandleSpec[] = [
  h('Process', null, 0x001f0fff),
  h('Key', '\\REGISTRY', 0x000f003f),
  h('Key', '\\REGISTRY\\MACHINE\\SYSTEM', 0x000f003f),
  h('Directory', 'KnownDlls', 0x000f000f),
  h('Key', '\\REGISTRY\\MACHINE\\HARDWARE', 0x000f003f),
  h('File', null, 0x0012019f, { file: '\\pagefile.sys' }),
  h('Event', null, 0x001f0003),
  h('Section', null, 0x000f001f),
  h('Key', '\\REGISTRY\\MACHINE\\SOFTWARE', 0x000f003f),
  h('Thread', null, 0x001f03ff),
  h('File', null, 0x0012019f, { file: '\\WINDOWS\\system32\\config\\software' }),
  h('Event', null, 0x001f0003),
  h('Key', '\\REGISTRY\\MACHINE\\SAM', 0x000f003f),
];

/** Where a named object lives in the namespace (the directory its name info points to). */
function directoryOf(type: XpObjectType): string | null {
  if (type === 'Key') return null;
  if (type === 'Directory') return '\\';
  if (type === 'WindowStation') return 'Windows\\WindowStations';
  if (type === 'Desktop') return null;
  return 'BaseNamedObjects';
}

/** The handle tables and the objects they name, laid into kernel memory. */
export interface LaidHandles {
  /** Their pages (merged into the kernel's; a Process or Thread header lands in front of the EPROCESS or ETHREAD there). */
  readonly pages: Pages;
  /** TableCode of each process's table (by EPROCESS). */
  readonly tableCode: ReadonlyMap<number, number>;
  /** One past the highest handle slot laid (HANDLE_TABLE.NextHandleNeedingPool). */
  readonly nextHandle: ReadonlyMap<number, number>;
}

class Bump {
  next: number;

  constructor(at: number) {
    this.next = at;
  }

  take(size: number): number {
    const at = this.next;
    this.next += (size + 7) & ~7;
    return at;
  }
}

function unicode(k: Pages, strings: Bump, at: number, text: string): void {
  const bytes = utf16z(text);
  const buf = strings.take(bytes.length);
  k.write(buf, bytes);
  const u = new Uint8Array(8);
  const v = new DataView(u.buffer);
  v.setUint16(0, text.length * 2, true);
  v.setUint16(2, text.length * 2 + 2, true);
  v.setUint32(4, buf, true);
  k.write(at, u);
}

/**
 * Lay the object types, the objects and every process's handle table. A Thread
 * handle names one of the process's own ETHREADs and a Process handle (the
 * kernel's table) an EPROCESS: their headers are laid in front of them.
 */
export function layHandles(k: Pages, processes: readonly XpProcess[]): Omit<LaidHandles, 'pages'> {
  const nonpaged = new Bump(NONPAGED_BASE);
  const paged = new Bump(PAGED_BASE);
  const strings = new Bump(PAGED_BASE + 0x100000);
  const tables = new Bump(TABLE_BASE);
  const headers = new Map<number, number>();
  const named = new Map<string, number>();
  const counts = new Map<number, { handles: number; pointers: number }>();

  const header = (body: number, type: XpObjectType, name: string | null, directory: number): void => {
    const at = body - OBJECT_HEADER_SIZE;
    if (name !== null) {
      const info = at - NAME_INFO_SIZE;
      k.u32(info, directory);
      unicode(k, strings, info + 4, name);
    }
    k.u32(at + 8, typeAddress(type));
    k.write(at + 0xc, new Uint8Array([name === null ? 0 : NAME_INFO_SIZE, 0, 0, 0x20]));
    headers.set(body, at);
  };

  for (const type of TYPES) {
    const body = typeAddress(type);
    header(body, 'Type', type, 0);
    unicode(k, strings, body + 0x40, type);
    k.u32(body + 0x4c, TYPES.indexOf(type) + 1);
  }
  const rootDir = paged.take(NAME_INFO_SIZE + OBJECT_HEADER_SIZE + 0xa4) + NAME_INFO_SIZE + OBJECT_HEADER_SIZE;
  header(rootDir, 'Directory', '\\', 0);
  const dirs = new Map<string, number>([['\\', rootDir]]);
  const dirFor = (path: string): number => {
    const known = dirs.get(path);
    if (known !== undefined) return known;
    const body = paged.take(NAME_INFO_SIZE + OBJECT_HEADER_SIZE + 0xa4) + NAME_INFO_SIZE + OBJECT_HEADER_SIZE;
    const parts = path.split('\\');
    header(body, 'Directory', parts[parts.length - 1], parts.length > 1 ? dirFor(parts.slice(0, -1).join('\\')) : rootDir);
    dirs.set(path, body);
    return body;
  };
  const device = nonpaged.take(NAME_INFO_SIZE + OBJECT_HEADER_SIZE + 0xb8) + NAME_INFO_SIZE + OBJECT_HEADER_SIZE;
  header(device, 'Device', 'HarddiskVolume1', dirFor('Device'));

  /** The object a handle names: shared when named, a new one otherwise. */
  const objectFor = (spec: HandleSpec, p: XpProcess, n: number): number => {
    if (spec.type === 'Thread') return p.threads[n % Math.max(1, p.threads.length)]?.ethread ?? p.eprocess;
    if (spec.type === 'Process') return processes[n % processes.length].eprocess;
    const key = spec.name === null ? null : `${spec.type}:${spec.name}`;
    const shared = key === null ? undefined : named.get(key);
    if (shared !== undefined) return shared;
    const size = spec.type === 'File' ? 0x70 : spec.type === 'Directory' ? 0xa4 : 0x40;
    const pool = PAGED.has(spec.type) ? paged : nonpaged;
    const body =
      pool.take((spec.name === null ? 0 : NAME_INFO_SIZE) + OBJECT_HEADER_SIZE + size) + (spec.name === null ? 0 : NAME_INFO_SIZE) + OBJECT_HEADER_SIZE;
    const dir = spec.name === null ? 0 : directoryOf(spec.type);
    header(body, spec.type, spec.name, typeof dir === 'string' ? dirFor(dir) : 0);
    if (spec.type === 'File') {
      k.write(body, new Uint8Array([5, 0, 0x70, 0]));
      k.u32(body + 4, device);
      unicode(k, strings, body + 0x30, spec.file ?? '');
    }
    if (key !== null) named.set(key, body);
    return body;
  };

  const tableCode = new Map<number, number>();
  const nextHandle = new Map<number, number>();
  const laidTables = new Map<number, number>();
  for (const p of processes) {
    const shared = laidTables.get(p.objectTable);
    if (shared !== undefined) {
      tableCode.set(p.eprocess, shared);
      nextHandle.set(p.eprocess, nextHandle.get(processes.find((o) => o.objectTable === p.objectTable)?.eprocess ?? 0) ?? 0);
      continue;
    }
    const specs = p.cid === 0 || p.cid === 4 ? KERNEL : WIN32_START;
    const more = p.cid === 0 || p.cid === 4 ? KERNEL : MORE;
    const slots = p.handleCount + 1;
    const leaves = Math.ceil(slots / ENTRIES_PER_PAGE);
    const pages = Array.from({ length: leaves }, () => tables.take(0x1000));
    let code = pages[0];
    if (leaves > 1) {
      const mid = tables.take(0x1000);
      for (const [i, leaf] of pages.entries()) k.u32(mid + i * 4, leaf);
      code = mid | 1;
    }
    for (const leaf of pages) k.write(leaf, new Uint8Array(0x1000));
    for (let i = 1; i < slots; i++) {
      const spec = i - 1 < specs.length ? specs[i - 1] : more[(i - 1 - specs.length) % more.length];
      const body = objectFor(spec, p, i);
      if (!headers.has(body)) header(body, spec.type, null, 0);
      const c = counts.get(body) ?? { handles: 0, pointers: 0 };
      counts.set(body, { handles: c.handles + 1, pointers: c.pointers + 1 });
      const entry = pages[Math.floor(i / ENTRIES_PER_PAGE)] + (i % ENTRIES_PER_PAGE) * 8;
      k.u32(entry, ((body - OBJECT_HEADER_SIZE) | 1 | (spec.inherit ? 2 : 0)) >>> 0);
      k.u32(entry + 4, spec.access);
    }
    laidTables.set(p.objectTable, code);
    tableCode.set(p.eprocess, code);
    nextHandle.set(p.eprocess, leaves * ENTRIES_PER_PAGE * 4);
  }
  // Counts: every handle is a reference; the kernel keeps one more, and a named object one for its name.
  for (const [body, c] of counts) {
    const at = headers.get(body) ?? body - OBJECT_HEADER_SIZE;
    const hasName = (k.read(at + 0xc, 1)?.[0] ?? 0) !== 0;
    k.u32(at, c.pointers + 1 + (hasName ? 1 : 0));
    k.u32(at + 4, c.handles);
  }
  return { tableCode, nextHandle };
}

let laid: LaidHandles | null = null;

/** The machine's handle tables and objects: they do not change as it runs, so they are laid once. */
export function laidHandles(): LaidHandles {
  if (!laid) {
    const pages = new Pages();
    laid = { pages, ...layHandles(pages, PROCESSES) };
  }
  return laid;
}
