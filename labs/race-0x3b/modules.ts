/**
 * The kernel modules loaded in the race dump: bases, sizes and timestamps of
 * a Windows 7 RTM x64 machine, and the public symbols the lab needs.
 */
import type { ModuleSpec } from '../../src/debugger/dump.ts';

/** A stable, made-up PDB signature for a module (the dump's real ones are not known). */
function pdbPath(pdb: string): string {
  let h = 0x811c9dc5;
  for (const ch of pdb) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const guid = [h, Math.imul(h, 31) >>> 0, Math.imul(h, 131) >>> 0, Math.imul(h, 1031) >>> 0]
    .map((x) => x.toString(16).toUpperCase().padStart(8, '0'))
    .join('');
  return `c:\\symbols\\${pdb}\\${guid}2\\${pdb}`;
}

/** [name, image, start, end, timestamp, checksum] */
const TABLE: readonly (readonly [string, string, bigint, bigint, number, number])[] = [
  ['kdcom', 'kdcom.dll', 0xfffff80000bb5000n, 0xfffff80000bbf000n, 0x4a5be088, 0x00010bc7],
  ['nt', 'ntkrnlmp.exe', 0xfffff80002a1b000n, 0xfffff80003003000n, 0x4a5bc600, 0x005543e5],
  ['hal', 'hal.dll', 0xfffff80003003000n, 0xfffff8000304c000n, 0x4a5be01d, 0x0004f8a6],
  ['mcupdate_GenuineIntel', 'mcupdate_GenuineIntel.dll', 0xfffff88000c00000n, 0xfffff88000c44000n, 0x4a5be09f, 0x00044ab5],
  ['PSHED', 'PSHED.dll', 0xfffff88000c44000n, 0xfffff88000c58000n, 0x4a5be027, 0x0001a9e8],
  ['CLFS', 'CLFS.SYS', 0xfffff88000c58000n, 0xfffff88000cb6000n, 0x4a5bc11d, 0x00064b6c],
  ['CI', 'CI.dll', 0xfffff88000cb6000n, 0xfffff88000d76000n, 0x4a5be01a, 0x000c4b3e],
  ['Wdf01000', 'Wdf01000.sys', 0xfffff88000e0b000n, 0xfffff88000eaf000n, 0x4a5bc19f, 0x000a1a5d],
  ['WDFLDR', 'WDFLDR.SYS', 0xfffff88000eaf000n, 0xfffff88000ebe000n, 0x4a5bc19e, 0x00017f4b],
  ['ACPI', 'ACPI.sys', 0xfffff88000ebe000n, 0xfffff88000f15000n, 0x4a5bc106, 0x0005a0d6],
  ['WMILIB', 'WMILIB.SYS', 0xfffff88000f15000n, 0xfffff88000f1e000n, 0x4a5bc117, 0x0000d6a3],
  ['msisadrv', 'msisadrv.sys', 0xfffff88000f1e000n, 0xfffff88000f28000n, 0x4a5bc0fe, 0x0000d41c],
  ['pci', 'pci.sys', 0xfffff88000f28000n, 0xfffff88000f5b000n, 0x4a5bc117, 0x00037b39],
  ['vdrvroot', 'vdrvroot.sys', 0xfffff88000f5b000n, 0xfffff88000f68000n, 0x4a5bcadb, 0x0000fb76],
  ['partmgr', 'partmgr.sys', 0xfffff88000f68000n, 0xfffff88000f7d000n, 0x4a5bc11f, 0x0001e6c5],
  ['volmgr', 'volmgr.sys', 0xfffff88000f7d000n, 0xfffff88000f92000n, 0x4a5bc11b, 0x0001a23b],
  ['volmgrx', 'volmgrx.sys', 0xfffff88000f92000n, 0xfffff88000fee000n, 0x4a5bc140, 0x0005bb10],
  ['pciide', 'pciide.sys', 0xfffff88000fee000n, 0xfffff88000ff5000n, 0x4a5bc115, 0x0000a3d1],
  ['PCIIDEX', 'PCIIDEX.SYS', 0xfffff88000ff5000n, 0xfffff88001005000n, 0x4a5bc114, 0x00014c71],
  ['mountmgr', 'mountmgr.sys', 0xfffff88001005000n, 0xfffff8800101f000n, 0x4a5bc11b, 0x0001c8cd],
  ['atapi', 'atapi.sys', 0xfffff8800101f000n, 0xfffff88001028000n, 0x4a5bc113, 0x0000c5d7],
  ['ataport', 'ataport.SYS', 0xfffff88001028000n, 0xfffff88001052000n, 0x4a5bc118, 0x0002c01f],
  ['fltmgr', 'fltmgr.sys', 0xfffff88001052000n, 0xfffff8800109e000n, 0x4a5bc11f, 0x0004e6bc],
  ['fileinfo', 'fileinfo.sys', 0xfffff8800109e000n, 0xfffff880010b2000n, 0x4a5bc481, 0x0001c0e2],
  ['Ntfs', 'Ntfs.sys', 0xfffff88001203000n, 0xfffff880013a6000n, 0x4a5bc14f, 0x001a1c9b],
  ['msrpc', 'msrpc.sys', 0xfffff880013a6000n, 0xfffff88001404000n, 0x4a5bc17c, 0x00064b41],
  ['ksecdd', 'ksecdd.sys', 0xfffff88001404000n, 0xfffff8800141e000n, 0x4a5bc738, 0x0001d0ac],
  ['cng', 'cng.sys', 0xfffff8800141e000n, 0xfffff8800148f000n, 0x4a5bc814, 0x0007a99f],
  ['pcw', 'pcw.sys', 0xfffff8800148f000n, 0xfffff880014a0000n, 0x4a5bc0ff, 0x00013a24],
  ['Fs_Rec', 'Fs_Rec.sys', 0xfffff880014a0000n, 0xfffff880014aa000n, 0x4a5bc111, 0x0000ef7b],
  ['ndis', 'ndis.sys', 0xfffff880014aa000n, 0xfffff8800159c000n, 0x4a5bc1e9, 0x000ec4b4],
  ['NETIO', 'NETIO.SYS', 0xfffff8800159c000n, 0xfffff880015fc000n, 0x4a5bc1e9, 0x0006266d],
  ['ksecpkg', 'ksecpkg.sys', 0xfffff880015fc000n, 0xfffff88001627000n, 0x4a5bc84b, 0x0002cd21],
  ['tcpip', 'tcpip.sys', 0xfffff88001637000n, 0xfffff88001835000n, 0x4a5bc3ad, 0x001f7b44],
  ['fwpkclnt', 'fwpkclnt.sys', 0xfffff88001835000n, 0xfffff8800187f000n, 0x4a5bc1e2, 0x0004b8c1],
  ['volsnap', 'volsnap.sys', 0xfffff8800187f000n, 0xfffff880018cb000n, 0x4a5bc128, 0x0004f1a0],
  ['spldr', 'spldr.sys', 0xfffff880018cb000n, 0xfffff880018d3000n, 0x4a084ebb, 0x0000a9b9],
  ['rdyboost', 'rdyboost.sys', 0xfffff880018d3000n, 0xfffff8800190d000n, 0x4a5bc1c1, 0x0003f45f],
  ['mup', 'mup.sys', 0xfffff8800190d000n, 0xfffff8800191f000n, 0x4a5bc201, 0x0001a8a7],
  ['hwpolicy', 'hwpolicy.sys', 0xfffff8800191f000n, 0xfffff88001928000n, 0x4a5bc0ff, 0x0000bd0f],
  ['fvevol', 'fvevol.sys', 0xfffff88001928000n, 0xfffff88001962000n, 0x4a5bc1b4, 0x00040a68],
  ['disk', 'disk.sys', 0xfffff88001962000n, 0xfffff88001978000n, 0x4a5bc11a, 0x0001b6d4],
  ['CLASSPNP', 'CLASSPNP.SYS', 0xfffff88001978000n, 0xfffff880019a8000n, 0x4a5bc11d, 0x0003a7e1],
  ['win32k', 'win32k.sys', 0xfffff96000000000n, 0xfffff96000311000n, 0x4a5bc5e0, 0x0030aa1c],
];

const IMAGE_DIRS: Readonly<Record<string, string>> = { nt: '\\SystemRoot\\system32\\ntoskrnl.exe', hal: '\\SystemRoot\\system32\\hal.dll' };

/** Public symbols: [name, address, size, 'data' for variables]. */
const SYMBOLS: Readonly<Record<string, readonly (readonly [string, bigint, number?, 'data'?])[]>> = {
  nt: [
    ['KiPageFault', 0xfffff80002a8a6c0n, 0x380],
    ['KiSystemServiceHandler', 0xfffff80002a8b580n, 0x80],
    ['KiSystemCall64', 0xfffff80002a8b640n, 0x340],
    ['KiSystemServiceCopyEnd', 0xfffff80002a8b980n, 0x260],
    ['KiBugCheckDispatch', 0xfffff80002a8bc40n, 0x80],
    ['KiExceptionDispatch', 0xfffff80002a8bcc0n, 0x180],
    ['KeBugCheckEx', 0xfffff80002a8c640n, 0x100],
    ['ObfDereferenceObject', 0xfffff80002a917e0n, 0x120],
    ['RtlDispatchException', 0xfffff80002aaed90n, 0x600],
    ['RtlpExecuteHandlerForException', 0xfffff80002ab7a20n, 0x20],
    ['KiDispatchException', 0xfffff80002af3c30n, 0x5c0],
    ['PsLoadedModuleList', 0xfffff80002c58e50n, 0x10, 'data'],
    // Invented address (the article does not show it): nt's .data, after PsLoadedModuleList.
    ['KiBugCheckData', 0xfffff80002c8a900n, 0x28, 'data'],
    ['NtQueryFullAttributesFile', 0xfffff80002d1ecedn, 0x220],
    ['ObpLookupObjectName', 0xfffff80002d858ffn, 0x6c0],
    ['ObOpenObjectByName', 0xfffff80002d8ac80n, 0x2a0],
    ['IopParseDevice', 0xfffff80002d8f260n, 0x1000],
    ['IopDeleteFile', 0xfffff80002da2670n, 0x280],
    ['KiSystemStartup', 0xfffff80002fcc580n, 0x300],
  ],
  fltmgr: [
    ['FltpDispatch', 0xfffff8800106b610n, 0x200],
    ['FltpPerformPreCallbacks', 0xfffff8800106bd30n, 0x860],
    ['FltpPassThrough', 0xfffff8800106c910n, 0x400],
    ['TreeUnlinkMulti', 0xfffff8800106f0f0n, 0x130],
    [`?? ::FNODOBFM::\`string'`, 0xfffff88001073200n, 0x800],
    ['TreeUnlinkNoBalance', 0xfffff88001073360n, 0x40],
  ],
};

/** Machine code the dump holds: TreeUnlinkMulti (as the article disassembles it) and KeBugCheckEx's prologue. */
const CODE: Readonly<Record<string, readonly (readonly [bigint, string])[]>> = {
  fltmgr: [
    [
      0xfffff8800106f0f0n,
      'fff3 55 57 4883ec30 33ff 488be9 4883faff 0f840c010000 4c89642458 4c8be2 4983f8ff 0f85eb450000 ' +
        '4889742450 488b31 4885f6 7518 488bdf 488b742450 488bc3 4c8b642458 4883c430 5f 5d 5b c3 488bdf ' +
        '488b4620 493bc4 720e 7712 488bce e80c420000 ffc3 eb11 488b7610 eb04 488b7608 4885f6 75da ebc0 488b7500 ebf3',
    ],
  ],
  nt: [[0xfffff80002a8c640n, '48894c2408 4889542410 4c89442418 4c894c2420 9c 4883ec30 fa 65488b0c2520000000']],
};

export const MODULES: readonly ModuleSpec[] = TABLE.map(([name, image, start, end, timestamp, checksum]) => {
  const pdbName = name === 'nt' ? 'ntkrnlmp.pdb' : `${image.replace(/\.[^.]+$/, '').toLowerCase()}.pdb`;
  return {
    name,
    image,
    base: start,
    size: Number(end - start),
    timestamp,
    checksum,
    pdb: pdbPath(pdbName),
    path: IMAGE_DIRS[name] ?? (/\.(dll|exe)$/i.test(image) ? `\\SystemRoot\\system32\\${image}` : `\\SystemRoot\\system32\\drivers\\${image}`),
    symbols: SYMBOLS[name] ?? [],
    code: CODE[name] ?? [],
  };
});
