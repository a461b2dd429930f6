/** Objectives of lab `isolation-filter`. */
import type { Objective } from '../../src/lab/schema.ts';
import { whenEvent } from '../../src/lab/objectives.ts';

export const OBJECTIVES: readonly Objective[] = [
  whenEvent({ id: 'x', title: 'x', why: 'x', hints: ['a', 'b', 'c', 'Type: d'] }, 'console.command', () => false),
];
