/** Decode terminal input (what xterm.js sends for keys and paste) into key tokens. */

export type KeyName =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'wordLeft'
  | 'wordRight'
  | 'tab'
  | 'interrupt'
  | 'clearScreen'
  | 'killStart'
  | 'killEnd'
  | 'killWord'
  | 'escape'
  | 'switchPane'
  | 'ignored';

export type Key = { readonly kind: 'text'; readonly text: string } | { readonly kind: KeyName };

const CSI: Record<string, KeyName> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '1;5D': 'wordLeft',
  '1;5C': 'wordRight',
  '1;3D': 'wordLeft',
  '1;3C': 'wordRight',
};

const CONTROL: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x10': 'up',
  '\x0e': 'down',
  '\x03': 'interrupt',
  '\x1d': 'switchPane',
  '\x0c': 'clearScreen',
  '\x15': 'killStart',
  '\x0b': 'killEnd',
  '\x17': 'killWord',
  '\x04': 'delete',
};

/** Split a chunk of input into keys. A lone ESC is the Escape key; '\r\n' is one Enter. */
export function decodeKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < data.length; i++) {
    const ch = data[i];
    if (ch === '\x1b') {
      flush();
      const next = data[i + 1];
      if (next === '[' || next === 'O') {
        let j = i + 2;
        while (j < data.length && !/[\x40-\x7e]/.test(data[j])) j++;
        const body = data.slice(i + 2, j + 1);
        keys.push({ kind: CSI[body] ?? 'ignored' });
        i = j;
      } else if (next === undefined) {
        keys.push({ kind: 'escape' });
      } else if (next === '\x7f' || next === '\b') {
        // Alt+Backspace (ESC DEL), as in readline: the word before the cursor.
        keys.push({ kind: 'killWord' });
        i += 1;
      } else {
        // Alt+key: ignore the modifier sequence.
        keys.push({ kind: 'ignored' });
        i += 1;
      }
      continue;
    }
    if (ch === '\n' && data[i - 1] === '\r') continue;
    const control = CONTROL[ch];
    if (control) {
      flush();
      keys.push({ kind: control });
    } else if (ch < ' ') {
      flush();
      keys.push({ kind: 'ignored' });
    } else {
      text += ch;
    }
  }
  flush();
  return keys;
}
