/**
 * The file server on the lab's network, and the connections this client
 * remembers: a machine part of its own, beside the Windows machine's kernel,
 * so that neither the server's files nor the remembered mapping of Z: go away
 * when the client restarts (the redirector restores the mappings when it
 * starts, as logon does on Windows). Its state is in every snapshot.
 */
import type { Machine } from '../machine.ts';
import { Subsystem } from '../subsystem.ts';
import { FileStore, type FsState } from '../fs/files.ts';

export interface FileServerState {
  /** The share's files, in the server's own paths ('S:\Vault\report.txt'). */
  files: FsState;
  /** Drive letters the client maps to \\fileserver\share ('Z:'). */
  mappings: string[];
}

/** The serial number of the server's volume behind the share (what `dir Z:` reports for it). */
const SHARE_VOLUME_SERIAL = '8E41-2C07';

export class FileServer extends Subsystem<FileServerState> {
  readonly snapshotKey = 'fileserver';

  constructor() {
    super({ files: new FileStore(SHARE_VOLUME_SERIAL).state, mappings: [] });
  }

  /** The share's files as a store (over this part's state). */
  store(): FileStore {
    const store = new FileStore(SHARE_VOLUME_SERIAL);
    store.state = this.state.files;
    return store;
  }
}

const servers = new WeakMap<Machine, FileServer>();

/** The machine's file server, made and registered on first use. */
export function fileServerOf(machine: Machine): FileServer {
  let s = servers.get(machine);
  if (!s) {
    s = new FileServer();
    servers.set(machine, s);
    machine.register(s);
  }
  return s;
}

/** The file server, if this machine has a network at all. */
export function existingFileServer(machine: Machine): FileServer | undefined {
  return servers.get(machine);
}
