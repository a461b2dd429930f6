import { describe, expect, it } from 'vitest';
import { announcement, progressText } from '../../src/components/lab/announce.ts';

const titles: Record<string, string> = { a: 'List the commands', b: 'Clear the screen', q: 'Know how to ask' };
const context = (lastFeedback = '', hintText = (id: string, level: number) => `Hint ${level} for ${id}`) => ({
  titleOf: (id: string) => titles[id] ?? id,
  lastFeedback,
  hintText,
});

describe('lab live announcements', () => {
  it('names a newly met objective and the score', () => {
    expect(announcement({ met: [], total: 3, answers: 0, hints: {} }, { met: ['a'], total: 3, answers: 0, hints: {} }, context())).toBe(
      'Objective met: List the commands. 1 of 3 objectives met.',
    );
  });
  it('says when the lab is complete', () => {
    expect(announcement({ met: ['a', 'q'], total: 3, answers: 1, hints: {} }, { met: ['a', 'b', 'q'], total: 3, answers: 1, hints: {} }, context())).toBe(
      'Objective met: Clear the screen. All 3 objectives met. Lab complete.',
    );
  });
  it('reads the feedback of a new answer, before the objective it meets', () => {
    expect(
      announcement({ met: [], total: 3, answers: 0, hints: {} }, { met: ['q'], total: 3, answers: 1, hints: {} }, context('Correct. LAB is the aid.')),
    ).toBe('Correct. LAB is the aid. Objective met: Know how to ask. 1 of 3 objectives met.');
    expect(
      announcement({ met: [], total: 3, answers: 1, hints: {} }, { met: [], total: 3, answers: 2, hints: {} }, context('Not quite. There is no HINT.')),
    ).toBe('Not quite. There is no HINT.');
  });
  it('stays quiet when nothing new was met or answered', () => {
    expect(announcement({ met: ['a'], total: 3, answers: 1, hints: {} }, { met: ['a'], total: 3, answers: 1, hints: {} }, context('Correct. old'))).toBe('');
    // A reset takes objectives away: that is announced by the reset itself, not here.
    expect(announcement({ met: ['a', 'b'], total: 3, answers: 1, hints: {} }, { met: [], total: 3, answers: 0, hints: {} }, context())).toBe('');
  });
  it('reads a hint just taken, and only the new rung', () => {
    const before = { met: [], total: 3, answers: 0, hints: { b: 1 } };
    expect(announcement(before, { ...before, hints: { b: 2 } }, context())).toBe('Hint 2 for b');
    expect(announcement(before, { ...before, hints: { b: 1 } }, context())).toBe('');
    // A hint asked for in the terminal is on its screen already: the caller passes ''.
    expect(
      announcement(
        before,
        { ...before, hints: { b: 2 } },
        context('', () => ''),
      ),
    ).toBe('');
  });
  it('counts objectives in words', () => {
    expect(progressText(0, 5)).toBe('0 of 5 objectives met');
  });
});
