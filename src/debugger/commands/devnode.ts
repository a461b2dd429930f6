/**
 * `!devnode [Address [Flags]]` (kdexts): a devnode's PDO, links, instance
 * path, service, state and state history, flags and problem; address 0 is
 * nt!IopRootDeviceNode, and flag 1 dumps the tree below it, each level
 * indented two more spaces.
 */
import { guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { KernelReader, a64 } from '../kobjects.ts';
import { DEVNODE_STATE_NAMES, PROBLEM_NAMES } from '../../kernel/pnp/devnode.ts';

const DNF: readonly (readonly [number, string])[] = [
  [0x1, 'DNF_MADEUP'],
  [0x2, 'DNF_DUPLICATE'],
  [0x4, 'DNF_HAL_NODE'],
  [0x8, 'DNF_REENUMERATE'],
  [0x10, 'DNF_ENUMERATED'],
  [0x20, 'DNF_IDS_QUERIED'],
  [0x40, 'DNF_HAS_BOOT_CONFIG'],
  [0x80, 'DNF_BOOT_CONFIG_RESERVED'],
  [0x100, 'DNF_NO_RESOURCE_REQUIRED'],
  [0x200, 'DNF_RESOURCE_REQUIREMENTS_NEED_FILTERED'],
  [0x400, 'DNF_RESOURCE_REQUIREMENTS_CHANGED'],
  [0x800, 'DNF_NON_STOPPED_REBALANCE'],
  [0x1000, 'DNF_LEGACY_DRIVER'],
  [0x2000, 'DNF_HAS_PROBLEM'],
  [0x4000, 'DNF_HAS_PRIVATE_PROBLEM'],
];

/** 0x-prefixed pointer; 0000000000 for NULL, as kdexts prints a null link. */
const link = (v: bigint) => (v === 0n ? '0000000000' : `0x${a64(v)}`);
const stateText = (v: bigint) => `${DEVNODE_STATE_NAMES[Number(v)] ?? 'Unknown'} (0x${v.toString(16)})`;

function nodeLines(reader: KernelReader, node: bigint, indent: string, full: boolean): string[] {
  const f = (path: string) => reader.field(node, '_DEVICE_NODE', path) ?? 0n;
  const str = (path: string) => reader.unicode(node + BigInt(reader.offset('_DEVICE_NODE', path) ?? 0)) ?? '';
  const out = [`${indent}DevNode 0x${a64(node)} for PDO 0x${a64(f('PhysicalDeviceObject'))}`];
  if (full) out.push(`${indent}  Parent ${link(f('Parent'))}   Sibling ${link(f('Sibling'))}   Child ${link(f('Child'))}`);
  out.push(`${indent}  InstancePath is "${str('InstancePath')}"`);
  const service = str('ServiceName');
  if (service !== '') out.push(`${indent}  ServiceName is "${service}"`);
  out.push(`${indent}  State = ${stateText(f('State'))}`, `${indent}  Previous State = ${stateText(f('PreviousState'))}`);
  if (!full) return out;
  const entry = Number(f('StateHistoryEntry'));
  for (let n = 1; n <= 20; n++) {
    const i = (entry - n + 20) % 20;
    const v = f(`StateHistory[${i}]`);
    if (v !== 0n) out.push(`${indent}  StateHistory[${i.toString().padStart(2, '0')}] = ${stateText(v)}`);
  }
  const flags = Number(f('Flags'));
  out.push(
    `${indent}  Flags (0x${flags.toString(16).padStart(8, '0')})  ${DNF.filter(([b]) => flags & b)
      .map(([, n]) => n)
      .join(', ')}`,
  );
  const problem = Number(f('Problem'));
  if (problem !== 0) out.push(`${indent}  Problem = ${PROBLEM_NAMES[problem] ?? `0x${problem.toString(16)}`}`);
  return out;
}

function treeLines(reader: KernelReader, node: bigint, depth: number, out: string[]): void {
  if (depth > 32) return;
  out.push(...nodeLines(reader, node, '  '.repeat(depth), false));
  let child = reader.field(node, '_DEVICE_NODE', 'Child') ?? 0n;
  for (let guard = 0; child !== 0n && guard < 1024; guard++) {
    treeLines(reader, child, depth + 1, out);
    child = reader.field(child, '_DEVICE_NODE', 'Sibling') ?? 0n;
  }
}

export const devnode: KdCommand = {
  verbs: ['!devnode'],
  run(c) {
    return guarded(c, () => {
      const s = c.session;
      const reader = new KernelReader(s.target);
      let i = skipBlanks(c.line, c.argsStart);
      let address = 0n;
      let flags = 0n;
      if (i < c.line.length) {
        const a = s.evaluate(c.line, i);
        address = a.value;
        i = skipBlanks(c.line, a.end);
        if (i < c.line.length) flags = s.evaluate(c.line, i).value;
      }
      let node = address;
      if (address === 0n) {
        const at = reader.global('IopRootDeviceNode');
        node = at === null ? 0n : (reader.pointer(at) ?? 0n);
        if (node === 0n) {
          c.out.push('Error retrieving address of IopRootDeviceNode');
          return false;
        }
        c.out.push(`Dumping IopRootDeviceNode (= 0x${a64(node)})`);
      }
      noteAddress(c, node);
      if (reader.field(node, '_DEVICE_NODE', 'State') === null) {
        c.out.push(`Could not read devnode at ${a64(node)}`);
        return false;
      }
      if ((flags & 1n) !== 0n) treeLines(reader, node, 0, c.out);
      else c.out.push(...nodeLines(reader, node, '', true));
      return true;
    });
  },
};
