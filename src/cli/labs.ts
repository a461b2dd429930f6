/** `ntlab labs`, `ntlab run`, `ntlab solution`. */
import { labIds, loadAllLabs, loadLab } from '../../labs/registry.ts';
import type { LabDefinition } from '../lab/schema.ts';
import { runHeadless, visibleKeys } from '../terminal/headless.ts';
import { runInteractive } from './interactive.ts';
import { readStdin } from './stdin.ts';

function unknownLab(id: string): string {
  return `ntlab: no lab '${id}'. Labs: ${labIds().join(', ')}\n`;
}

export async function labsCommand(args: readonly string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`ntlab labs: unexpected argument '${args[0]}'. Usage: ntlab labs\n`);
    return 2;
  }
  const labs = await loadAllLabs();
  const width = Math.max(...labs.map((l) => l.id.length)) + 2;
  for (const lab of labs) process.stdout.write(`${lab.id.padEnd(width)}${lab.title}\n`);
  return 0;
}

async function labArg(verb: string, args: readonly string[], flags: readonly string[]): Promise<LabDefinition | number> {
  const bad = args.find((a) => a.startsWith('-') && !flags.includes(a));
  if (bad) {
    process.stderr.write(`ntlab ${verb}: unknown option '${bad}'. Usage: ntlab ${verb} <lab-id>${flags.length ? ' [' + flags.join('] [') + ']' : ''}\n`);
    return 2;
  }
  const ids = args.filter((a) => !a.startsWith('-'));
  if (ids.length !== 1) {
    process.stderr.write(`ntlab ${verb}: expected one lab id. Usage: ntlab ${verb} <lab-id>${flags.length ? ' [' + flags.join('] [') + ']' : ''}\n`);
    return 2;
  }
  const lab = await loadLab(ids[0]);
  if (!lab) {
    process.stderr.write(unknownLab(ids[0]));
    return 2;
  }
  return lab;
}

export async function runCommand(args: readonly string[]): Promise<number> {
  const lab = await labArg('run', args, ['--json']);
  if (typeof lab === 'number') return lab;
  const json = args.includes('--json');
  if (process.stdin.isTTY && !json) return runInteractive(lab);
  const input = await readStdin();
  if (input === null) {
    process.stderr.write('ntlab run: standard input is not text (it holds NUL bytes or is not UTF-8).\n');
    return 2;
  }
  const tty = process.stdout.isTTY && !json;
  const result = runHeadless(lab, input, tty ? { write: (d) => process.stdout.write(d), cols: process.stdout.columns || 80 } : undefined);
  if (json) {
    const { lab: id, steps, objectives, score } = result;
    process.stdout.write(JSON.stringify({ lab: id, steps, objectives, score }) + '\n');
  } else if (tty) {
    process.stdout.write('\r\n');
  } else {
    process.stdout.write(result.transcript);
  }
  return 0;
}

export async function solutionCommand(args: readonly string[]): Promise<number> {
  const lab = await labArg('solution', args, []);
  if (typeof lab === 'number') return lab;
  const show = process.stdout.isTTY ? visibleKeys : (s: string) => s;
  for (const entry of lab.solution) process.stdout.write(show(entry) + '\n');
  return 0;
}
