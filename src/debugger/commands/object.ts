/**
 * `!object Address|Path [Flags]` (kdexts): an object's type, header and
 * counts, its directory and name; a directory's entries by hash bucket, a
 * symbolic link's target. Flags as kdexts takes them (default 9: name and
 * counts, then the directory listing or link target).
 */
import { guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { KernelReader, a64 } from '../kobjects.ts';

export const object: KdCommand = {
  verbs: ['!object'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const reader = new KernelReader(s.target);
      let i = skipBlanks(c.line, c.argsStart);
      const word = /^\S*/.exec(c.line.slice(i))?.[0] ?? '';
      let address: bigint;
      if (word === '' || word === '\\' || word.startsWith('\\')) {
        const path = word === '' ? '\\' : word;
        const found = reader.lookup(path);
        if (found === null) {
          c.out.push(`Object ${path} not found`);
          return false;
        }
        address = found;
        i = skipBlanks(c.line, i + word.length);
      } else {
        const a = s.evaluate(c.line, i);
        address = a.value;
        i = skipBlanks(c.line, a.end);
      }
      const flags = i < c.line.length ? s.evaluate(c.line, i).value : 9n;
      noteAddress(c, address);
      const header = KernelReader.header(address);
      const typeObj = reader.typeObject(address);
      const typeName = reader.typeName(address);
      if (typeObj === null || typeName === null) {
        c.out.push(`${a64(address)}: Not a valid object (ObjectType invalid)`);
        return false;
      }
      c.out.push(`Object: ${a64(address)}  Type: (${a64(typeObj)}) ${typeName}`);
      c.out.push(`    ObjectHeader: ${a64(header)} (new version)`);
      if ((flags & 1n) === 0n) return true;
      const handles = reader.field(header, '_OBJECT_HEADER', 'HandleCount') ?? 0n;
      const pointers = reader.field(header, '_OBJECT_HEADER', 'PointerCount') ?? 0n;
      c.out.push(`    HandleCount: ${BigInt.asIntN(64, handles)}  PointerCount: ${BigInt.asIntN(64, pointers)}`);
      const name = reader.objectName(address);
      const keyName = typeName === 'Key' ? reader.keyName(address) : null;
      if (keyName !== null) c.out.push(`    Directory Object: 00000000  Name: ${keyName}`);
      else if (reader.nameInfo(address) !== null)
        c.out.push(`    Directory Object: ${a64(reader.objectDirectory(address))}  Name: ${name === '' && typeName === 'Directory' ? '\\' : name}`);
      if ((flags & 8n) === 0n) return true;
      if (typeName === 'Directory') {
        c.out.push('', '    Hash Address          Type          Name', '    ---- -------          ----          ----');
        let last = -1;
        for (const e of reader.directoryEntries(address)) {
          const hash = e.bucket === last ? '    ' : ` ${e.bucket.toString().padStart(2, '0')} `;
          last = e.bucket;
          c.out.push(`    ${hash} ${a64(e.object)} ${(reader.typeName(e.object) ?? '').padEnd(13)} ${e.name}`);
        }
      } else if (typeName === 'SymbolicLink') {
        const off = reader.offset('_OBJECT_SYMBOLIC_LINK', 'LinkTarget') ?? 8;
        c.out.push(`    Target String is '${reader.unicode(address + BigInt(off)) ?? ''}'`);
      }
      return true;
    });
  },
};
