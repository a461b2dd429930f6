/**
 * The control sets of the SYSTEM hive. The services, Enum and Control trees live in
 * HKLM\SYSTEM\ControlSet001; HKLM\SYSTEM\Select names which set is current (Current,
 * Default, Failed, LastKnownGood). CurrentControlSet is no key of its own: each boot the
 * configuration manager creates it as a volatile symbolic link (a key flagged KEY_SYM_LINK
 * whose REG_LINK value SymbolicLinkValue holds the full name of the current set), so every
 * name through it reaches ControlSet001 and every object opened through it is named so.
 */
import { dictGet, dictSet, newDict } from '../rtl/dict.ts';
import type { CmState, RegKey, RegValue } from './registry.ts';

/** HKLM\SYSTEM as the kernel names it. */
const SYSTEM = '\\REGISTRY\\MACHINE\\SYSTEM';
export const CURRENT_CONTROL_SET = `${SYSTEM}\\CurrentControlSet`;
export const SELECT = `${SYSTEM}\\Select`;
/** The REG_LINK value of a link key: the target's full name. */
export const SYMBOLIC_LINK_VALUE = 'SymbolicLinkValue';

/** The full name of control set `n` (1 → \REGISTRY\MACHINE\SYSTEM\ControlSet001). */
export function controlSet(n: number): string {
  return `${SYSTEM}\\ControlSet${String(n).padStart(3, '0')}`;
}

/** A link key's target, or null for an ordinary key. */
export function linkTarget(key: RegKey): string | null {
  if (!key.link) return null;
  const v = dictGet(key.values, SYMBOLIC_LINK_VALUE.toLowerCase());
  return v?.type === 'REG_LINK' && typeof v.data === 'string' ? v.data : null;
}

function put(state: CmState, path: string): RegKey {
  return dictGet(state.keys, path.toLowerCase()) ?? dictSet(state.keys, path.toLowerCase(), { path, values: newDict() });
}

/** What setup leaves in the SYSTEM hive: ControlSet001 and Select naming it everywhere (this machine keeps one set). */
export function setupControlSets(state: CmState): void {
  put(state, controlSet(1));
  const select = put(state, SELECT);
  for (const [name, data] of [
    ['Current', 1],
    ['Default', 1],
    ['Failed', 0],
    ['LastKnownGood', 1],
  ] as const)
    dictSet<RegValue>(select.values, name.toLowerCase(), { name, type: 'REG_DWORD', data });
}

/** The boot's CurrentControlSet: a volatile link to the set Select\Current names (made once a boot). */
export function linkCurrentControlSet(state: CmState): void {
  const current = dictGet(put(state, SELECT).values, 'current')?.data;
  const target = controlSet(typeof current === 'number' && current > 0 ? current : 1);
  const link = dictSet<RegKey>(state.keys, CURRENT_CONTROL_SET.toLowerCase(), { path: CURRENT_CONTROL_SET, values: newDict(), volatile: true, link: true });
  dictSet<RegValue>(link.values, SYMBOLIC_LINK_VALUE.toLowerCase(), { name: SYMBOLIC_LINK_VALUE, type: 'REG_LINK', data: target });
}

/**
 * A state saved before CurrentControlSet was a link kept the sets' keys under it: they move
 * to ControlSet001 (keys, open keys' bodies and cached KCBs), and the link is made, so a
 * checkpoint taken then goes on where it was.
 */
export function upgradeControlSets(state: CmState): void {
  const old = CURRENT_CONTROL_SET.toLowerCase();
  const stored = dictGet(state.keys, old);
  if (!stored || stored.link) return;
  const target = controlSet(1);
  const moved = (k: string) => (k === old || k.startsWith(old + '\\') ? target.toLowerCase() + k.slice(old.length) : k);
  const keys = newDict<RegKey>();
  for (const [k, key] of Object.entries(state.keys)) {
    const to = moved(k);
    dictSet(keys, to, to === k ? key : { ...key, path: target + key.path.slice(CURRENT_CONTROL_SET.length) });
  }
  state.keys = keys;
  for (const body of Object.values(state.bodies ?? {})) {
    const to = moved(body.path.toLowerCase());
    if (to !== body.path.toLowerCase()) body.path = target + body.path.slice(CURRENT_CONTROL_SET.length);
  }
  if (state.kcbs) {
    const kcbs: NonNullable<CmState['kcbs']> = {};
    for (const [k, e] of Object.entries(state.kcbs))
      kcbs[moved(k)] = { ...e, parent: e.parent === null ? null : moved(e.parent), name: k === old ? 'CONTROLSET001' : e.name };
    state.kcbs = kcbs;
  }
  if (!dictGet(state.keys, SELECT.toLowerCase())) setupControlSets(state);
  linkCurrentControlSet(state);
}
