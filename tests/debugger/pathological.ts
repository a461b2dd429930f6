/**
 * Inputs that once hung or broke the debugger, shared by the fuzz test and
 * `npm run bench`: names that are JavaScript object keys, wildcard patterns a
 * backtracking matcher takes exponential time on, and 200,000-character lines.
 */

/** Names that are keys of every JavaScript object. */
export const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable'];
/** Every place a name can stand. */
export const NAME_TEMPLATES = [
  'r N',
  '? N',
  '? @N',
  'r $N',
  '? $N',
  'dt N',
  'dt nt!N',
  'dt _POOL_HEADER N',
  'dt N!_POOL_HEADER',
  'x N!*',
  'x nt!N',
  'lm m N',
  '!N',
  '!N.N',
  '!kdexts.N',
  '!fltkd.N',
  '!fltkd.instance N',
  '.N',
  'N',
  '?? N',
  '?? @$N',
  '?? (N*)0',
  '?? (nt!N*)0',
  '?? #FIELD_OFFSET(nt!_LIST_ENTRY, N)',
  '?? #FIELD_OFFSET(N, N)',
  'ln N',
  '.frame N',
  's -a 0 l?ffffffffffffffff "N"',
  '? $spat("N", "N*")',
  'eza @rsp "N"',
  '.sympath N',
  'dt _LIST_ENTRY N.',
  'r N=1',
  'dq N',
  'N 1',
  '!address N',
  '!dh N',
  '!dh -N',
  '!dh N -f',
  '|N',
  '~N',
];
/** Patterns a backtracking matcher needs exponential time for. */
export function pathological(n: number): string[] {
  const stars = Array(n).fill('*a').join('') + 'b';
  return [
    `x nt!${stars}`,
    `x *!${stars}`,
    `lm m ${stars}`,
    `lmm ${Array(n).fill('*?').join('')}z`,
    `dt nt!${stars}`,
    `dt _CONTEXT ${Array(n).fill('*R').join('')}`,
    `? $spat("${'a'.repeat(400)}", "${stars}")`,
    `x nt!${Array(n).fill('[a-z]#').join('')}!`,
    `x nt!${Array(n).fill('?+').join('')}`,
  ];
}
/** 200,000-character lines. */
const LONG = 200_000;
export const LONG_LINES = [
  '.echo ' + 'a'.repeat(LONG),
  '? ' + '1+'.repeat(LONG / 2) + '1',
  'x'.repeat(LONG),
  'db ' + ' '.repeat(LONG) + '0',
  ';'.repeat(LONG),
  'r ' + 'rax,'.repeat(LONG / 4),
  '?? ' + '('.repeat(LONG),
  'x nt!' + '*'.repeat(LONG),
  '$$ ' + 'z'.repeat(LONG),
  'dt ' + '_CONTEXT '.repeat(LONG / 9),
  '!address ' + '1+'.repeat(LONG / 2) + '1',
  '!dh ' + '-f '.repeat(LONG / 3) + 'nt',
  '!dh nt' + ' -s'.repeat(LONG / 3),
];
