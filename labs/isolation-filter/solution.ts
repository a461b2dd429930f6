/** The model solution and known-wrong attempts of lab `isolation-filter`. */
import type { WrongAttempt } from '../../src/lab/schema.ts';

export const SOLUTION: readonly string[] = ['fltmc'];
export const WRONG: readonly WrongAttempt[] = [{ name: 'x', input: [], unmet: ['x'] }];
