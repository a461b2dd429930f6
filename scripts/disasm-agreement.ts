/**
 * Prints how closely ntlab's x64 disassembler agrees with GNU objdump on real
 * compiler-generated code, and how it was measured:
 *
 *   node --experimental-strip-types --disable-warning=ExperimentalWarning scripts/disasm-agreement.ts [total] [windows]
 *
 * The method and the syntax normalisation are in tests/debugger/objdump-agreement.ts.
 */
import { BINARIES, measure, objdumpAvailable } from '../tests/debugger/objdump-agreement.ts';

if (!objdumpAvailable()) {
  console.log('GNU objdump (binutils) is not on PATH: nothing measured.');
  process.exit(0);
}
const total = Number(process.argv[2] ?? 120_000);
const windows = Number(process.argv[3] ?? 8);
const r = measure(BINARIES, total, windows);
const pct = (n: number): string => `${((100 * n) / Math.max(1, r.instructions)).toFixed(3)} %`;

console.log(`Method: ${windows} evenly spread windows of each binary's .text, listed together by`);
console.log('        objdump -D -b binary -m i386:x86-64 -M intel --insn-width=16; ntlab decodes the same bytes at');
console.log(`        each address objdump lists; ${total.toLocaleString('en-US')} instructions in all, texts compared after normalisation.`);
console.log(`Binaries (${r.files.length}):`);
for (const f of r.files) console.log(`  ${f}`);
console.log(`Instructions:      ${r.instructions.toLocaleString('en-US')}`);
console.log(
  `  by class:        ${Object.entries(r.classes)
    .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
    .join(', ')}`,
);
console.log(`Same length:       ${r.sameLength.toLocaleString('en-US')} (${pct(r.sameLength)})`);
console.log(`Same length, text: ${r.sameText.toLocaleString('en-US')} (${pct(r.sameText)})`);
if (r.mismatches.length) {
  console.log('Differences (first 20):');
  for (const m of r.mismatches.slice(0, 20)) {
    console.log(`  ${m.file.split('/').pop()} ${m.address.toString(16)} ${m.bytes}\n    objdump: ${m.objdump}\n    ntlab:   ${m.ntlab}`);
  }
}
