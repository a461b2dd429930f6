import { describe, expect, it } from 'vitest';
import { raceDump } from '../../labs/race-0x3b/dump.ts';
import { transcript } from '../../src/debugger/transcript.ts';

describe('transcript', () => {
  it('renders prompts, commands and output in order, with state carried between commands', () => {
    expect(transcript(raceDump(), ['.cxr 0xfffff88005f45960', 'dq @rcx l1']).split('\n').slice(-3)).toEqual([
      '2: kd> dq @rcx l1',
      'fffffa80`08e13318  fffff8a0`0d106d58',
      '',
    ]);
  });
});
