/**
 * Replays the article's commands on the dumps and compares the output with its
 * figures line by line (fixtures: article-figures.ts). Lines are compared with
 * trailing blanks removed (the transcripts drop WinDbg's trailing blanks), except:
 * - `Followup:     MachineOwner`: the PDF extraction collapsed the run of blanks
 *   (compared with runs of blanks collapsed);
 * - the four `Buffer` lines of Figure 7 that the source cuts at the column edge
 *   (compared as prefixes).
 */
import { describe, expect, it } from 'vitest';
import { similarDump } from '../../labs/race-0x3b/similar.ts';
import { FIGURES, type Figure } from './article-figures.ts';
import { Kd } from './harness.ts';

function compare(actual: readonly string[], figure: Figure): void {
  const expected = figure.expected;
  expect(actual.length, `${figure.section} line count\n${actual.join('\n')}`).toBe(expected.length);
  expected.forEach((want, i) => {
    const got = actual[i].trimEnd();
    const label = `${figure.section} line ${i + 1}`;
    if (want.startsWith('Followup:')) expect(got.replace(/ +/g, ' '), label).toBe(want.replace(/ +/g, ' '));
    else if (/Buffer +: 0x[0-9a-f`]+ {2}"--- memory read error at address 0x[0-9a-f`]+$/.test(want))
      expect(got.startsWith(want), `${label}: ${got}`).toBe(true);
    else expect(got, label).toBe(want);
  });
}

describe('the article figures, replayed on the race dump', () => {
  const kd = new Kd();
  const byCommand = FIGURES.filter((f) => f.dump === 'race' && f.command !== null);

  for (const figure of byCommand) {
    it(`${figure.section} ${figure.title}: ${figure.command}`, () => {
      expect(kd.dbg.prompt()).toBe(`${figure.prompt}: kd> `);
      const out = kd.run(figure.command as string);
      compare(out, figure);
      if (figure.command === '!analyze -v') {
        // The article reads RCX in the exception's context: the link !analyze prints.
        kd.run('.cxr 0xfffff88005f45960');
      }
    });
  }

  it('1.4 the instruction lines quoted in the text appear in the disassembly and the context', () => {
    const k = new Kd();
    const listing = [...k.run('u fltmgr!TreeUnlinkMulti L1a'), ...k.run('.cxr fffff88005f45960')];
    const quoted = FIGURES.find((f) => f.section === '1.4')?.expected ?? [];
    expect(quoted.length).toBe(5);
    for (const line of quoted) expect(listing).toContain(line);
  });
});

describe('Figure 2, replayed on the similar crash', () => {
  it('k prints the twenty frames of the other dump', () => {
    const figure = FIGURES.find((f) => f.section === '1.2') as Figure;
    const kd = new Kd(similarDump());
    expect(kd.dbg.prompt()).toBe('3: kd> ');
    compare(kd.run('k'), figure);
  });
});
