/**
 * Open keys as bytes: each Key object's body is a _CM_KEY_BODY pointing at the key's control
 * block (_CM_KEY_CONTROL_BLOCK, one per key, shared by every body opened on it), each KCB at
 * its parent's (ParentKcb) up to \REGISTRY and at a _CM_NAME_CONTROL_BLOCK holding the key's
 * own name, upper-cased as the KCB cache keeps it. A debugger builds a key's full name from
 * these, as kdexts' !handle and !object do. A KCB is made when its key is first opened (with
 * its parents') and freed when no body and no cached subkey refers to it any more.
 */
import type { Kernel } from '../nt.ts';
import { paintedOnce, type MemoryBlock, type MemoryProvider, type SpaceId } from '../mm/memory.ts';
import type { ObjectHeader } from '../ob/namespace.ts';
import type { ObjectMemory } from '../ob/memory.ts';
import { StructWriter } from '../mm/layout.ts';
import { win7X64TypeDatabase } from '../types/win7-x64.ts';

/** One cached key: its KCB and name block (hex addresses), its name and its parent's path key. */
export interface Kcb {
  kcb: string;
  ncb: string;
  /** The key's own name, upper-cased. */
  name: string;
  /** The parent's entry (lower-case full path), null for \REGISTRY. */
  parent: string | null;
  levels: number;
}

/** _CM_KEY_BODY.Type of a live key body ('ky02'). */
export const KEY_BODY_TYPE = 0x6b793032;
const KCB_SIZE = 0x128;
const NCB_NAME = 0x1a;
/** KeyBodyArray holds the first bodies; more go on KeyBodyListHead. */
const KEY_BODY_ARRAY = 4;

const addr = (hex: string | undefined) => (hex === undefined ? 0n : BigInt('0x' + hex));

/** CmpComputeConvKey's hash step: 37 * key + the upper-cased character, over a name. */
function convKey(start: number, name: string): number {
  let key = start;
  for (const ch of name) key = (Math.imul(key, 37) + ch.toUpperCase().charCodeAt(0)) >>> 0;
  return key;
}

/** Whether a name fits the name block's compressed form (one byte a character). */
function compressible(name: string): boolean {
  return [...name].every((c) => c.charCodeAt(0) < 0x100);
}

function kcbTable(k: Kernel): Record<string, Kcb> {
  k.cm.state.kcbs ??= {};
  return k.cm.state.kcbs;
}

/** The KCB of the key at `path` (a full \REGISTRY\... name), made with its parents' when first opened. */
export function keyControlBlock(k: Kernel, path: string): Kcb {
  const table = kcbTable(k);
  const parts = path.replace(/\\+$/, '').split('\\').slice(1);
  let parent: string | null = null;
  let entry: Kcb | undefined;
  for (const [i, part] of parts.entries()) {
    const key: string = (parent ?? '') + '\\' + part.toLowerCase();
    entry = table[key];
    if (!entry) {
      const name = part.toUpperCase();
      const bytes = compressible(name) ? name.length : name.length * 2;
      entry = {
        kcb: k.pool.allocate(KCB_SIZE, 'CMkb', true, `kcb:${key}`).toString(16).padStart(16, '0'),
        ncb: k.pool
          .allocate(NCB_NAME + bytes, 'CMNb', true, `ncb:${key}`)
          .toString(16)
          .padStart(16, '0'),
        name,
        parent,
        levels: i + 1,
      };
      table[key] = entry;
    }
    parent = key;
  }
  if (!entry) throw new Error(`not a key path: ${path}`);
  return entry;
}

/** Free the KCBs (and name blocks) no open key refers to: neither a body nor a cached subkey. */
export function releaseKeyControlBlocks(k: Kernel): void {
  const table = kcbTable(k);
  const held = new Set<string>();
  for (const b of Object.values(k.cm.state.bodies ?? {})) {
    for (let key: string | null = b.path.replace(/\\+$/, '').toLowerCase(), n = 0; key !== null && n < 512; n++) {
      held.add(key);
      key = table[key]?.parent ?? null;
    }
  }
  for (const [key, e] of Object.entries(table)) {
    if (held.has(key)) continue;
    k.pool.free(addr(e.kcb));
    k.pool.free(addr(e.ncb));
    delete table[key];
  }
}

export class CmMemory implements MemoryProvider {
  readonly name = 'cm';
  readonly layer = 1 as const;
  private readonly k: Kernel;

  constructor(k: Kernel, ob: ObjectMemory) {
    this.k = k;
    ob.register('Key', { type: '_CM_KEY_BODY', render: (_k, h, w) => this.body(h, w) });
  }

  private get db() {
    return win7X64TypeDatabase();
  }

  /** The Key objects open on each KCB (by its path key), oldest first, as their body addresses. */
  private bodiesByKcb(): Map<string, bigint[]> {
    const out = new Map<string, bigint[]>();
    const bodies = this.k.cm.state.bodies ?? {};
    for (const id of Object.keys(bodies)
      .map(Number)
      .sort((a, b) => a - b)) {
      const h = this.k.ob.get(id);
      if (!h) continue;
      const key = bodies[id].path.replace(/\\+$/, '').toLowerCase();
      out.set(key, [...(out.get(key) ?? []), addr(h.Address)]);
    }
    return out;
  }

  /** A body's KeyBodyList: linked on its KCB's KeyBodyListHead when the KeyBodyArray is full. */
  private body(h: ObjectHeader, w: StructWriter): void {
    const b = this.k.cm.state.bodies?.[h.id];
    if (!b) return;
    const key = b.path.replace(/\\+$/, '').toLowerCase();
    const entry = kcbTable(this.k)[key];
    w.set('Type', KEY_BODY_TYPE).set('KeyControlBlock', addr(entry?.kcb)).set('ProcessID', BigInt(b.process)).emptyList('ContextListHead');
    const listed = (this.bodiesByKcb().get(key) ?? []).slice(KEY_BODY_ARRAY);
    const i = listed.indexOf(addr(h.Address));
    if (i < 0 || !entry) {
      w.emptyList('KeyBodyList');
      return;
    }
    const head = addr(entry.kcb) + 0x78n;
    const link = (j: number) => (j < 0 || j >= listed.length ? head : listed[j] + 0x20n);
    w.list('KeyBodyList', link(i + 1), link(i - 1));
  }

  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    if (space !== 'kernel') return;
    const table = kcbTable(this.k);
    let bodies: Map<string, bigint[]> | null = null;
    const children = new Map<string, number>();
    for (const e of Object.values(table)) if (e.parent !== null) children.set(e.parent, (children.get(e.parent) ?? 0) + 1);
    for (const [key, e] of Object.entries(table)) {
      emit(
        paintedOnce(addr(e.kcb), KCB_SIZE, '_CM_KEY_CONTROL_BLOCK', (out) => {
          bodies ??= this.bodiesByKcb();
          this.paintKcb(key, e, bodies.get(key) ?? [], children.get(key) ?? 0, out);
        }),
      );
      const bytes = compressible(e.name) ? e.name.length : e.name.length * 2;
      emit(paintedOnce(addr(e.ncb), NCB_NAME + bytes, '_CM_NAME_CONTROL_BLOCK', (out) => this.paintNcb(e, out)));
    }
  }

  private paintKcb(key: string, e: Kcb, bodies: bigint[], children: number, out: Uint8Array): void {
    const table = kcbTable(this.k);
    const parent = e.parent === null ? undefined : table[e.parent];
    const at = addr(e.kcb);
    const w = new StructWriter(this.db, 'nt', '_CM_KEY_CONTROL_BLOCK', out, 0, at);
    // Each open body and each cached child holds a reference.
    w.set('RefCount', bodies.length + children)
      .set('Delete', !this.k.cm.exists(key))
      .set('TotalLevels', e.levels)
      .set('ConvKey', this.convKeyOf(e))
      .set('ParentKcb', addr(parent?.kcb))
      .set('NameBlock', addr(e.ncb))
      .emptyList('KCBUoWListHead')
      .emptyList('DelayQueueEntry');
    for (const [i, b] of bodies.slice(0, KEY_BODY_ARRAY).entries()) w.set(`KeyBodyArray[${i}]`, b);
    const listed = bodies.slice(KEY_BODY_ARRAY);
    if (listed.length === 0) w.emptyList('KeyBodyListHead');
    else w.list('KeyBodyListHead', listed[0] + 0x20n, listed[listed.length - 1] + 0x20n);
  }

  /** The ConvKey of a key's full path: the hash carried from \REGISTRY down through each name. */
  private convKeyOf(e: Kcb): number {
    const table = kcbTable(this.k);
    const names: string[] = [];
    for (let cur: Kcb | undefined = e, n = 0; cur && n < 512; cur = cur.parent === null ? undefined : table[cur.parent], n++) names.unshift(cur.name);
    return names.reduce((key, name) => convKey(key, name), 0);
  }

  private paintNcb(e: Kcb, out: Uint8Array): void {
    const compressed = compressible(e.name);
    const w = new StructWriter(this.db, 'nt', '_CM_NAME_CONTROL_BLOCK', out, 0, addr(e.ncb));
    w.set('Compressed', compressed ? 1 : 0)
      .set('RefCount', 1)
      .set('ConvKey', convKey(0, e.name))
      .set('NameLength', compressed ? e.name.length : e.name.length * 2);
    [...e.name].forEach((c, i) => {
      const code = c.charCodeAt(0);
      if (compressed) out[NCB_NAME + i] = code;
      else {
        out[NCB_NAME + i * 2] = code & 0xff;
        out[NCB_NAME + i * 2 + 1] = code >> 8;
      }
    });
  }
}
