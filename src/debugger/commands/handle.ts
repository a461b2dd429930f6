/**
 * `!handle [Handle [KMFlags [Process [TypeName]]]]` (kdexts, kernel mode): a
 * process's handles, read from its handle table in memory: EPROCESS.ObjectTable
 * → HANDLE_TABLE.TableCode → pages of HANDLE_TABLE_ENTRY (one level, or a page
 * of pointers to them), each entry the object's header (low bits: the unlocked
 * bit, inherit, audit) and the granted access. Handle 0 or -1 (or none): all
 * handles; flags 1 the handle line, 2 the object, 4 free entries too (default 3);
 * Process an EPROCESS address or a process id, -1 (or none) the current one, 0
 * all; TypeName an object type, as spelled (case-sensitive).
 */
import { guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { KernelReader, a64 } from '../kobjects.ts';
import { fromLe } from '../memory.ts';
import { processHeaderAt } from './process.ts';

const ENTRY = 16n;
const PER_PAGE = 256n;

interface Entry {
  readonly handle: bigint;
  readonly at: bigint;
  readonly header: bigint;
  readonly attributes: bigint;
  readonly access: bigint;
}

/** The in-use (or, with `free`, all) entries of the handle table whose TableCode is `code`, up to `limit` handles. */
function entries(c: CommandContext, code: bigint, limit: bigint, free: boolean): Entry[] {
  const t = c.session.target;
  const base = code & ~3n;
  const leaves: bigint[] = [];
  if ((code & 3n) === 0n) leaves.push(base);
  else {
    const top = t.read(base, 0x200);
    for (let i = 0; top && i < 64; i++) leaves.push(fromLe(top, i * 8, 8));
  }
  const out: Entry[] = [];
  leaves.forEach((leaf, li) => {
    if (leaf === 0n) return;
    const page = t.read(leaf, Number(PER_PAGE * ENTRY));
    if (!page) return;
    for (let i = 0n; i < PER_PAGE; i++) {
      const handle = (BigInt(li) * PER_PAGE + i) * 4n;
      if (handle === 0n || handle >= limit) continue;
      const value = fromLe(page, Number(i * ENTRY), 8);
      if (value === 0n && !free) continue;
      out.push({ handle, at: leaf + i * ENTRY, header: value & ~7n, attributes: value & 6n, access: fromLe(page, Number(i * ENTRY + 8n), 4) });
    }
  });
  return out;
}

function attributeText(e: Entry): string {
  const parts = [e.attributes & 2n ? 'Inherit' : '', e.attributes & 4n ? 'Audit' : ''].filter(Boolean);
  return parts.length ? ` (${parts.join(' ')})` : '';
}

/** The object an entry names, as !handle shows it: !object's lines, the counts and name indented further. */
function objectBlock(r: KernelReader, e: Entry): string[] {
  const body = e.header + 0x30n;
  const typeObj = r.typeObject(body);
  const typeName = r.typeName(body);
  if (typeObj === null || typeName === null) return [`${a64(body)}: Not a valid object (ObjectType invalid)`];
  const handles = BigInt.asIntN(64, r.field(e.header, '_OBJECT_HEADER', 'HandleCount') ?? 0n);
  const pointers = BigInt.asIntN(64, r.field(e.header, '_OBJECT_HEADER', 'PointerCount') ?? 0n);
  const lines = [
    `Object: ${a64(body)}  Type: (${a64(typeObj)}) ${typeName}`,
    `    ObjectHeader: ${a64(e.header)} (new version)`,
    `        HandleCount: ${handles}  PointerCount: ${pointers}`,
  ];
  if (typeName === 'File') {
    // A file object has no object name: kdexts shows its FileName and the device it is open on.
    const name = r.unicode(body + BigInt(r.offset('_FILE_OBJECT', 'FileName') ?? 0x58)) ?? '';
    const device = r.field(body, '_FILE_OBJECT', 'DeviceObject') ?? 0n;
    const deviceName = device === 0n ? '' : r.objectName(device);
    lines.push(`        Directory Object: 00000000  Name: ${name}${deviceName ? ` {${deviceName}}` : ''}`);
  } else if (typeName === 'Key') {
    // A key has no object name either: kdexts shows the full name its control blocks give.
    const name = r.keyName(body);
    if (name !== null) lines.push(`        Directory Object: 00000000  Name: ${name}`);
  } else if (r.nameInfo(body) !== null) {
    lines.push(`        Directory Object: ${a64(r.objectDirectory(body))}  Name: ${r.objectName(body)}`);
  }
  return lines;
}

/** The processes the Process argument names: an EPROCESS, a process id, 0 for all, -1/none for the current one. */
function processesFor(c: CommandContext, arg: bigint | null): bigint[] | null {
  const t = c.session.target;
  const all = t.processes();
  if (arg === null || arg === 0xffffffffffffffffn) {
    const cur = c.session.pseudo('proc');
    return cur === null ? [] : [cur];
  }
  if (arg === 0n) return all.map((p) => p.eprocess);
  const byAddress = all.find((p) => p.eprocess === arg);
  const byId = all.find((p) => BigInt(p.pid) === arg);
  const hit = byAddress ?? byId;
  return hit ? [hit.eprocess] : null;
}

export const handle: KdCommand = {
  verbs: ['!handle'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const values: bigint[] = [];
      let i = skipBlanks(c.line, c.argsStart);
      while (i < c.line.length && values.length < 3) {
        const r = s.evaluate(c.line, i);
        values.push(r.value);
        i = skipBlanks(c.line, r.end);
      }
      const typeName = c.line.slice(i).trim() || null;
      const [handleArg = 0n, flags = 3n, processArg = null] = values;
      const one = handleArg === 0n || handleArg === 0xffffffffffffffffn ? null : handleArg & ~3n;
      const targets = processesFor(c, processArg);
      if (!targets) {
        c.out.push(`Unable to read process ${a64(processArg ?? 0n)}`);
        return false;
      }
      const r = new KernelReader(s.target);
      if (processArg === null || processArg === 0xffffffffffffffffn) c.out.push(`processor number ${s.processor}, process ${a64(targets[0] ?? 0n)}`);
      for (const eprocess of targets) {
        const table = r.field(eprocess, '_EPROCESS', 'ObjectTable') ?? 0n;
        if (table === 0n) continue;
        const code = r.field(table, '_HANDLE_TABLE', 'TableCode') ?? 0n;
        const count = r.field(table, '_HANDLE_TABLE', 'HandleCount') ?? 0n;
        const limit = BigInt(r.field(table, '_HANDLE_TABLE', 'NextHandleNeedingPool') ?? 0n);
        const pid = r.field(eprocess, '_EPROCESS', 'UniqueProcessId') ?? 0n;
        const header = processHeaderAt(s, eprocess);
        c.out.push(...header, '', `${pid === 4n ? 'Kernel handle' : 'Handle'} table at ${a64(code)} with ${count} entries in use`, '');
        const list = code === 0n ? [] : entries(c, code, limit, (flags & 4n) !== 0n || one !== null).filter((e) => one === null || e.handle === one);
        for (const e of list) {
          if (e.header === 0n) {
            c.out.push(`${e.handle.toString(16).padStart(4, '0')}: free handle, Entry address ${a64(e.at)}, Next Entry ${a64(e.access)}`, '');
            continue;
          }
          if (typeName !== null && r.typeName(e.header + 0x30n) !== typeName) continue;
          if (flags & 3n)
            c.out.push(
              `${e.handle.toString(16).padStart(4, '0')}: Object: ${a64(e.header + 0x30n)}  GrantedAccess: ${e.access.toString(16).padStart(8, '0')}${attributeText(e)} Entry: ${a64(e.at)}`,
            );
          if (flags & 2n) c.out.push(...objectBlock(r, e));
          if (flags & 3n) c.out.push('');
        }
      }
      return true;
    });
  },
};
