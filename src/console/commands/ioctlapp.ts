/**
 * ioctlapp: the test program of the IOCTL sample, written for this machine.
 * Like the WDK's, it loads sioctl.sys from the current directory through the
 * service control manager (unless it already runs), opens \\.\IoctlTest,
 * sends one DeviceIoControl per transfer method and, at exit, stops and
 * deletes the service it created. It prints where its own buffers are, so
 * they can be compared with where the driver found them (DebugView, !irp).
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { Kernel32, INVALID_HANDLE_VALUE, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, type Overlapped } from '../../kernel/user/kernel32.ts';
import { GENERIC_READ, GENERIC_WRITE } from '../../kernel/io/filedefs.ts';
import { METHOD_NAMES } from '../../kernel/io/types.ts';
import {
  IOCTL_SIOCTL_METHOD_BUFFERED,
  IOCTL_SIOCTL_METHOD_IN_DIRECT,
  IOCTL_SIOCTL_METHOD_NEITHER,
  IOCTL_SIOCTL_METHOD_OUT_DIRECT,
  IOCTL_SIOCTL_PEND_CANCEL,
  IOCTL_SIOCTL_PEND_TIMER,
} from '../../kernel/drivers/sioctl.ts';
import { fullPathOf } from '../drives.ts';
import { win32Message } from '../../kernel/win32.ts';
import { withKernel } from './ntcommon.ts';
import { synchronousWaitFrames } from '../foreground.ts';

const HELP = `Exercises the IOCTL sample driver (sioctl.sys) with each transfer method.

IOCTLAPP [/method:name] [/pend] [/cancel] [/wait] [/keep]

  /method:name  Send only this method: buffered, in_direct, out_direct or neither
                (default: all four, in the order IN_DIRECT, OUT_DIRECT,
                BUFFERED, NEITHER).
  /pend         Then send a request the driver pends; a timer in the driver
                completes it about two seconds later, while ioctlapp waits.
  /cancel       Then send a request the driver pends until it is cancelled,
                on an overlapped handle; ioctlapp gives up waiting after one
                second and calls CancelIo, so the driver's cancel routine runs.
  /wait         Last, send that request on a synchronous handle and wait for
                it: ioctlapp keeps running until the request completes. Press
                Ctrl-C to end it; ending the process cancels its request.
                (Only as a command line of its own.)
  /keep         Leave the driver loaded at exit (by default ioctlapp stops and
                deletes the SIOCTL service it created, as the WDK sample does).

sioctl.sys must be in the current directory, as the sample expects.
`;

const METHODS: readonly { name: string; code: number }[] = [
  { name: 'in_direct', code: IOCTL_SIOCTL_METHOD_IN_DIRECT },
  { name: 'out_direct', code: IOCTL_SIOCTL_METHOD_OUT_DIRECT },
  { name: 'buffered', code: IOCTL_SIOCTL_METHOD_BUFFERED },
  { name: 'neither', code: IOCTL_SIOCTL_METHOD_NEITHER },
];

const SERVICE = 'SIOCTL';
const hex = (at: string | null) => `0x${(at ?? '0').padStart(16, '0')}`;
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes).replace(/\0.*$/s, '');

interface Options {
  methods: { name: string; code: number }[];
  pend: boolean;
  cancel: boolean;
  wait: boolean;
  keep: boolean;
}

/** What a waiting ioctlapp still has to do when its request completes. */
interface Waiting {
  handles: number[];
  created: boolean;
  keep: boolean;
}

function parse(args: readonly string[]): Options | string {
  const o: Options = { methods: [...METHODS], pend: false, cancel: false, wait: false, keep: false };
  for (const a of args) {
    const m = /^[/-]([a-z]+)(?::(.*))?$/i.exec(a);
    const sw = m?.[1].toLowerCase();
    if (sw === 'method' && m?.[2]) {
      const pick = METHODS.find((x) => x.name === m[2].toLowerCase() || `method_${x.name}` === m[2].toLowerCase());
      if (!pick) return `Unknown method: ${m[2]}`;
      o.methods = [pick];
    } else if (sw === 'pend' && !m?.[2]) o.pend = true;
    else if (sw === 'cancel' && !m?.[2]) o.cancel = true;
    else if (sw === 'wait' && !m?.[2]) o.wait = true;
    else if (sw === 'keep' && !m?.[2]) o.keep = true;
    else return `Invalid argument: ${a}`;
  }
  return o;
}

/** Install and start the driver as the sample's ManageDriver does; true when this run created the service. */
function loadDriver(ctx: CommandContext, k: Kernel): { created: boolean } | number {
  const image = fullPathOf(ctx.state, 'sioctl.sys');
  if (k.scm.status(SERVICE, false)?.state === 4) return { created: false };
  if (!k.fs.file(image)) {
    ctx.out(`${image.slice(0, image.lastIndexOf('\\'))}\\sioctl.sys is not loaded.`);
    return 2;
  }
  const exists = k.scm.open(SERVICE) !== null;
  if (!exists) {
    const created = k.scm.create({ name: SERVICE, type: 1, start: 3, error: 1, binPath: image, displayName: SERVICE, group: null, depend: [] });
    if (created !== 0) {
      ctx.out(`CreateService failed: ${created}`);
      return created;
    }
  }
  const started = k.scm.start(SERVICE);
  if (started !== 0 && started !== 1056) {
    ctx.out(`StartService failure! Error = ${started}`);
    ctx.out(win32Message(started));
    return started;
  }
  return { created: !exists };
}

function unloadDriver(k: Kernel, created: boolean): void {
  if (k.halted) return;
  k.scm.stop(SERVICE);
  if (created && !k.halted) k.scm.delete(SERVICE);
}

function run(ctx: CommandContext, k: Kernel, o: Options): number {
  const loaded = loadDriver(ctx, k);
  if (typeof loaded === 'number') return loaded;
  const api = new Kernel32(k, { cwd: ctx.state.cwd });
  const h = api.CreateFileW('\\\\.\\IoctlTest', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, o.cancel ? FILE_FLAG_OVERLAPPED : 0);
  if (h === INVALID_HANDLE_VALUE) {
    const e = api.GetLastError();
    ctx.out(`Error: CreateFile failed: ${e}`);
    ctx.out(win32Message(e));
    if (!o.keep) unloadDriver(k, loaded.created);
    return e;
  }
  let status = 0;
  for (const m of o.methods) {
    if (k.halted) break;
    const method = METHOD_NAMES[m.code & 3];
    ctx.out(`Calling DeviceIoControl ${method}:`);
    const input = Uint8Array.from(`ioctlapp sends this with ${method}\0`, (c) => c.charCodeAt(0));
    const ov: Overlapped | null = o.cancel ? { offset: 0 } : null;
    let r = api.DeviceIoControl(h, m.code, input, 100, ov);
    if (!r.ok && ov && api.GetLastError() === 997) {
      const done = api.GetOverlappedResult(ov);
      r = { ...r, ok: done.ok, data: done.data };
    }
    if (k.halted) break;
    ctx.out(`    InputBuffer  at ${hex(r.input)} (${input.length} bytes)`);
    ctx.out(`    OutputBuffer at ${hex(r.output)} (100 bytes)`);
    if (r.ok) ctx.out(`    OutBuffer (${r.data.length}): ${ascii(r.data)}`);
    else {
      status = api.GetLastError();
      ctx.out(`    Error in DeviceIoControl: ${status}`);
      ctx.out(`    ${win32Message(status)}`);
    }
    ctx.out('');
  }
  if (o.pend && !k.halted) {
    ctx.out('Calling DeviceIoControl IOCTL_SIOCTL_PEND_TIMER (the driver pends it):');
    const started = k.machine.clock.now();
    const ov: Overlapped | null = o.cancel ? { offset: 0 } : null;
    let r = api.DeviceIoControl(h, IOCTL_SIOCTL_PEND_TIMER, null, 100, ov);
    if (!r.ok && ov && api.GetLastError() === 997) {
      const done = api.GetOverlappedResult(ov);
      r = { ...r, ok: done.ok, data: done.data };
    }
    if (!k.halted) {
      ctx.out(r.ok ? `    completed after ${k.machine.clock.now() - started} ms: ${ascii(r.data)}` : `    Error in DeviceIoControl: ${api.GetLastError()}`);
      ctx.out('');
    }
  }
  if (o.cancel && !k.halted) {
    ctx.out('Calling DeviceIoControl IOCTL_SIOCTL_PEND_CANCEL on an overlapped handle:');
    const ov: Overlapped = { offset: 0 };
    const r = api.DeviceIoControl(h, IOCTL_SIOCTL_PEND_CANCEL, null, 100, ov);
    if (r.ok) ctx.out('    completed at once (the driver did not pend it)');
    else if (api.GetLastError() === 997) {
      ctx.out('    pending (ERROR_IO_PENDING); waiting one second, then CancelIo');
      k.machine.clock.advance(1000);
      api.CancelIo(h);
      const done = api.GetOverlappedResult(ov);
      const e = done.ok ? 0 : api.GetLastError();
      ctx.out(done.ok ? '    completed' : `    GetOverlappedResult: error ${e}: ${win32Message(e)}`);
    } else ctx.out(`    Error in DeviceIoControl: ${api.GetLastError()}`);
    ctx.out('');
  }
  if (o.wait && !k.halted && ctx.block) {
    const waiting = sendAndWait(ctx, api, o.cancel ? null : h, { handles: [h], created: loaded.created, keep: o.keep });
    if (waiting !== null) return waiting;
  }
  if (!k.halted) api.CloseHandle(h);
  if (!o.keep) unloadDriver(k, loaded.created);
  return status;
}

/**
 * /wait: IOCTL_SIOCTL_PEND_CANCEL on a synchronous handle. The driver pends it, so the
 * thread stays in DeviceIoControl: ioctlapp is left running (ctx.block) until the request
 * completes or Ctrl-C ends the process. Returns null when the request did not pend.
 */
function sendAndWait(ctx: CommandContext, api: Kernel32, synchronous: number | null, w: Waiting): number | null {
  ctx.out('Calling DeviceIoControl IOCTL_SIOCTL_PEND_CANCEL on a synchronous handle');
  ctx.out('(the driver pends it until it is cancelled; press Ctrl-C to end ioctlapp):');
  // The overlapped handle of /cancel will not do: a second one, opened without FILE_FLAG_OVERLAPPED.
  const sync = synchronous ?? api.CreateFileW('\\\\.\\IoctlTest', GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, 0);
  if (sync === INVALID_HANDLE_VALUE) {
    const e = api.GetLastError();
    ctx.out(`Error: CreateFile failed: ${e}`);
    return null;
  }
  const r = api.DeviceIoControl(sync, IOCTL_SIOCTL_PEND_CANCEL, null, 100, null);
  if (!r.ok && api.GetLastError() === 997 && ctx.block) {
    ctx.out(`    OutputBuffer at ${hex(r.output)} (100 bytes); waiting...`);
    ctx.block({
      data: { ...w, handles: synchronous === null ? [...w.handles, sync] : w.handles },
      frames: synchronousWaitFrames('DeviceIoControl', 'ioctlapp'),
    });
    return 0;
  }
  ctx.out(r.ok ? '    completed at once (the driver did not pend it)' : `    Error in DeviceIoControl: ${api.GetLastError()}`);
  if (synchronous === null) api.CloseHandle(sync);
  return null;
}

/** The request ioctlapp /wait waited on completed: it closes its handles and exits as usual. */
function resume(data: unknown, ctx: CommandContext): number {
  return withKernel(ctx, 'ioctlapp', (k) => {
    const w = data as Waiting;
    const api = new Kernel32(k, { cwd: ctx.state.cwd });
    ctx.out('    completed');
    ctx.out('');
    for (const h of w.handles) if (!k.halted) api.CloseHandle(h);
    if (!w.keep) unloadDriver(k, w.created);
    return 0;
  });
}

export const ioctlapp: ConsoleCommand = {
  name: 'ioctlapp',
  summary: 'Sends the IOCTL sample driver one request per transfer method.',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'ioctlapp', (k) => {
      const o = parse(args);
      if (typeof o === 'string') {
        ctx.out(o);
        ctx.host.write(HELP);
        return 87;
      }
      if (o.wait && !ctx.block) {
        ctx.out('ioctlapp: /wait keeps ioctlapp running until Ctrl-C: type it as a command line of its own.');
        return 87;
      }
      return run(ctx, k, o);
    });
  },
  resume,
};
