/**
 * `!handle [Handle [KMFlags [Process [TypeName]]]]` on the XP machine, as the XP
 * kdexts prints it: eight-digit addresses, the one-line process header, `Handle
 * table at <TableCode's page> with N Entries in use` (Entry for one; the kernel's
 * table, which System and Idle share, says Kernel handle table), then per handle
 * the entry line and the object: its type, its 0x18-byte header ("old version":
 * the pre-Vista header with a Type pointer), the counts, and the name from the
 * name info in front of the header (a file shows its FileName and volume).
 * Everything is read from memory: EPROCESS.ObjectTable → HANDLE_TABLE.TableCode
 * → pages of HANDLE_TABLE_ENTRY (one level, or a page of pointers with bit 0).
 */
import { fieldSlot } from '../../kernel/mm/layout.ts';
import { guarded, type KdCommand, skipBlanks } from '../command.ts';
import type { Target } from '../target.ts';
import { processHeaderX86 } from './commands.ts';
import { read32, readUnicode } from './read.ts';

const HEADER = 0x18n;
const PER_PAGE = 512n;
const hex8 = (v: bigint): string => (v & 0xffffffffn).toString(16).padStart(8, '0');

/** One HANDLE_TABLE_ENTRY: where it is, its handle, and its two dwords. */
interface Entry {
  readonly handle: bigint;
  readonly at: bigint;
  /** The object header's address with the lock, inherit and audit bits; 0 for a free entry. */
  readonly value: bigint;
  /** The granted access (a free entry's: the next free one). */
  readonly access: bigint;
}

const headerOf = (e: Entry): bigint => e.value & ~7n;

/** The leaf pages of a table: TableCode itself (level 0) or the pages its level-1 page points to. */
function leaves(t: Target, code: bigint): bigint[] {
  const base = code & ~3n;
  if ((code & 3n) === 0n) return [base];
  const out: bigint[] = [];
  for (let i = 0n; i < 1024n; i++) {
    const leaf = read32(t, base + i * 4n);
    if (leaf === null || leaf === 0n) break;
    out.push(leaf);
  }
  return out;
}

function entries(t: Target, code: bigint, limit: bigint, free: boolean): Entry[] {
  const out: Entry[] = [];
  leaves(t, code).forEach((leaf, li) => {
    const page = t.read(leaf, Number(PER_PAGE * 8n));
    if (!page) return;
    const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
    for (let i = 0n; i < PER_PAGE; i++) {
      const handle = (BigInt(li) * PER_PAGE + i) * 4n;
      if (handle === 0n || handle >= limit) continue;
      const value = BigInt(view.getUint32(Number(i * 8n), true));
      if (value === 0n && !free) continue;
      out.push({ handle, at: leaf + i * 8n, value, access: BigInt(view.getUint32(Number(i * 8n + 4n), true)) });
    }
  });
  return out;
}

function typeName(t: Target, header: bigint): string | null {
  const type = read32(t, header + 8n);
  return type === null || type === 0n ? null : readUnicode(t, type + 0x40n);
}

/** The object a handle names, as the XP kdexts shows it under the handle line. */
function objectBlock(t: Target, header: bigint): string[] {
  const body = header + HEADER;
  const typeObj = read32(t, header + 8n);
  const type = typeName(t, header);
  if (typeObj === null || type === null) return [`${hex8(body)}: Not a valid object (ObjectType invalid)`];
  const lines = [
    `Object: ${hex8(body)}  Type: (${hex8(typeObj)}) ${type}`,
    `    ObjectHeader: ${hex8(header)} (old version)`,
    `        HandleCount: ${Number(BigInt.asIntN(32, read32(t, header + 4n) ?? 0n))}  PointerCount: ${Number(BigInt.asIntN(32, read32(t, header) ?? 0n))}`,
  ];
  const nameOffset = BigInt(t.read(header + 0xcn, 1)?.[0] ?? 0);
  if (type === 'File') {
    const name = readUnicode(t, body + 0x30n) ?? '';
    const device = read32(t, body + 4n) ?? 0n;
    const deviceHeader = device - HEADER;
    const deviceNameOffset = BigInt(t.read(deviceHeader + 0xcn, 1)?.[0] ?? 0);
    const deviceName = device !== 0n && deviceNameOffset !== 0n ? readUnicode(t, deviceHeader - deviceNameOffset + 4n) : null;
    lines.push(`        Directory Object: 00000000  Name: ${name}${deviceName ? ` {${deviceName}}` : ''}`);
  } else if (nameOffset !== 0n) {
    const info = header - nameOffset;
    lines.push(`        Directory Object: ${hex8(read32(t, info) ?? 0n)}  Name: ${readUnicode(t, info + 4n) ?? ''}`);
  }
  return lines;
}

function attributeText(e: Entry): string {
  const parts = [e.value & 2n ? 'Inherit' : '', e.value & 4n ? 'Audit' : ''].filter(Boolean);
  return parts.length ? ` (${parts.join(' ')})` : '';
}

export const handleX86: KdCommand = {
  verbs: ['!handle'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const t = s.target;
      const values: bigint[] = [];
      let i = skipBlanks(c.line, c.argsStart);
      while (i < c.line.length && values.length < 3) {
        const r = s.evaluate(c.line, i);
        values.push(r.value & 0xffffffffn);
        i = skipBlanks(c.line, r.end);
      }
      const wantType = c.line.slice(i).trim() || null;
      const [handleArg = 0n, flags = 3n, processArg = null] = values;
      const one = handleArg === 0n || handleArg === 0xffffffffn ? null : handleArg & ~3n;
      const all = t.processes();
      const current = s.pseudo('proc');
      let targets: bigint[];
      if (processArg === null || processArg === 0xffffffffn) targets = current === null ? [] : [current & 0xffffffffn];
      else if (processArg === 0n) targets = all.map((p) => p.eprocess);
      else {
        const hit = all.find((p) => p.eprocess === processArg) ?? all.find((p) => BigInt(p.pid) === processArg);
        if (!hit) {
          c.out.push(`Unable to read process ${hex8(processArg)}`);
          return false;
        }
        targets = [hit.eprocess];
      }
      // Flag 0x10: the kernel's table (System's) whatever the process.
      if (flags & 0x10n) targets = all.filter((p) => p.pid === 4).map((p) => p.eprocess);
      if (processArg === null || processArg === 0xffffffffn) c.out.push(`processor number ${s.processor}, process ${hex8(targets[0] ?? 0n)}`);
      if (wantType !== null && processArg === 0n) c.out.push('Searching for handles of type ' + wantType, '');
      const off = (type: string, path: string): bigint => BigInt(fieldSlot(t.types, 'nt', type, path)?.offset ?? 0);
      const objectTable = (eprocess: bigint): bigint => read32(t, eprocess + off('_EPROCESS', 'ObjectTable')) ?? 0n;
      const kernelTable = objectTable(all.find((p) => p.pid === 4)?.eprocess ?? 0n);
      for (const eprocess of targets) {
        const table = objectTable(eprocess);
        if (table === 0n) continue;
        const code = read32(t, table + off('_HANDLE_TABLE', 'TableCode')) ?? 0n;
        const count = BigInt.asIntN(32, read32(t, table + off('_HANDLE_TABLE', 'HandleCount')) ?? 0n);
        const limit = read32(t, table + off('_HANDLE_TABLE', 'NextHandleNeedingPool')) ?? 0n;
        c.out.push(
          ...processHeaderX86(t, eprocess),
          '',
          `${table === kernelTable ? 'Kernel handle' : 'Handle'} table at ${hex8(code & ~3n)} with ${count} ${count === 1n ? 'Entry' : 'Entries'} in use`,
          '',
        );
        const list = code === 0n ? [] : entries(t, code, limit, (flags & 4n) !== 0n || one !== null).filter((e) => one === null || e.handle === one);
        if (one !== null && list.length === 0) c.out.push(`Invalid handle: 0x${one.toString(16)}`);
        for (const e of list) {
          if (headerOf(e) === 0n) {
            c.out.push(`${e.handle.toString(16).padStart(4, '0')}: free handle, Entry address ${hex8(e.at)}, Next Entry ${hex8(e.access)}`, '');
            continue;
          }
          if (wantType !== null && typeName(t, headerOf(e)) !== wantType) continue;
          if (flags & 3n)
            c.out.push(
              `${e.handle.toString(16).padStart(4, '0')}: Object: ${hex8(headerOf(e) + HEADER)}  GrantedAccess: ${hex8(e.access)}${attributeText(e)} Entry: ${hex8(e.at)}`,
            );
          if (flags & 2n) c.out.push(...objectBlock(t, headerOf(e)));
          if (flags & 3n) c.out.push('');
        }
      }
      return true;
    });
  },
};
