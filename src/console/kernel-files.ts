/** The console's view of the machine's C: volume, for redirection (`> file`) and filters reading files. */
import { parentDir } from '../kernel/fs/files.ts';
import type { Machine } from '../kernel/machine.ts';
import { kernelOf } from '../kernel/nt.ts';
import { ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND, ERROR_INVALID_NAME, ERROR_PATH_NOT_FOUND } from '../kernel/win32.ts';
import type { ConsoleFiles } from './command.ts';

const BAD_NAME = /[<>"|?*]|.:.*:/;

export function kernelFiles(machine: Machine): ConsoleFiles | undefined {
  const k = kernelOf(machine);
  if (!k) return undefined;
  return {
    read(path) {
      if (BAD_NAME.test(path.slice(2))) return ERROR_INVALID_NAME;
      if (k.fs.isDir(path)) return ERROR_ACCESS_DENIED;
      const file = k.fs.file(path);
      if (!file) return k.fs.isDir(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
      // A driver image is not text: filters see no lines in it.
      return file.content ?? '';
    },
    write(path, text, append) {
      if (BAD_NAME.test(path.slice(2))) return ERROR_INVALID_NAME;
      if (k.fs.isDir(path)) return ERROR_ACCESS_DENIED;
      if (!k.fs.isDir(parentDir(path))) return ERROR_PATH_NOT_FOUND;
      const old = k.fs.file(path);
      const content = (append ? (old?.content ?? '') : '') + text;
      k.fs.write(old?.path ?? path, { size: new TextEncoder().encode(content).length, written: k.now(), content, image: null });
      return 0;
    },
  };
}
