/**
 * A small Target over a running kernel, for testing the memory renderers and
 * the extensions before the debugger's own live target exists. Processes,
 * threads and processors are not modelled here.
 */
import type { Kernel } from '../../src/kernel/nt.ts';
import type { AddressRegion, Module, Target } from '../../src/debugger/target.ts';
import { win7X64TypeDatabase } from '../../src/kernel/types/win7-x64.ts';
import { Debugger } from '../../src/debugger/debugger.ts';
import type { ProgramHost } from '../../src/base/program.ts';

export function liveTarget(k: Kernel): Target {
  const types = win7X64TypeDatabase();
  return {
    kind: 'live',
    arch: 'x64',
    version: {
      kernel: 'Windows 7 Kernel Version 7601 (Service Pack 1) MP (2 procs) Free x64',
      product: 'WinNt, suite: TerminalServer SingleUserTS',
      builtBy: '7601.17514.amd64fre.win7sp1_rtm.101119-1850',
      machineName: 'Machine Name:',
      kernelBase: k.images.module('nt')?.base ?? 0n,
      psLoadedModuleList: k.images.symbolAddress('nt!PsLoadedModuleList') ?? 0n,
      sessionTime: '',
      uptime: '',
      bucketFamily: 'VISTA',
    },
    processorCount: 1,
    currentProcessor: 0,
    read: (address, length) => {
      k.mm.invalidate();
      return k.mm.read('kernel', address, length);
    },
    readable: (address) => {
      k.mm.invalidate();
      return k.mm.readable('kernel', address);
    },
    processor: () => null,
    modules: () =>
      k.images.modules().map((m): Module => ({
        name: m.name,
        image: m.image,
        base: m.base,
        size: m.size,
        timestamp: m.timestamp,
        checksum: m.checksum,
        pdb: `${m.image.replace(/\.[^.]+$/, '')}.pdb`,
        path: m.path,
        symbols: m.symbols.map((s) => ({ name: s.name, rva: s.rva, size: s.size, kind: s.kind })),
        unwind: new Map(m.symbols.filter((s) => s.kind === 'function').map((s) => [s.rva, { kind: 'frame' as const, size: s.frameSize ?? 0x28 }])),
        user: false,
      })),
    types,
    processes: () => [],
    threads: () => [],
    bugCheck: () => null,
    regions: () => {
      k.mm.invalidate();
      const out: AddressRegion[] = [];
      for (const b of k.mm.blocks('kernel', 0)) {
        const kind = b.what === 'Nonpaged pool' || b.what === 'Paged pool' || b.what === 'Image' ? b.what : null;
        if (kind) out.push({ start: b.start, end: b.start + BigInt(b.size), kind });
      }
      return out;
    },
  };
}

/** Run debugger commands on a kernel; each call returns the output lines. */
export class LiveKd {
  readonly kd: Debugger;
  private out = '';
  private readonly host: ProgramHost;

  constructor(k: Kernel) {
    this.kd = new Debugger(liveTarget(k));
    this.host = {
      write: (text: string) => {
        this.out += text;
      },
      emit: () => undefined,
    } as unknown as ProgramHost;
  }

  run(line: string): string[] {
    this.out = '';
    this.kd.run(line, this.host);
    return this.out.replace(/\n$/, '').split('\n');
  }
}
