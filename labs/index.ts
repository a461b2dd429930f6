/**
 * Every lab, by id, loaded on demand (a lab with a large machine or dump is
 * only fetched by the page that embeds it). Add a lab: create labs/<id>/lab.ts
 * and add one line here.
 */
import type { LabDefinition } from '../src/lab/schema.ts';

type LabModule = { default: LabDefinition };

export const labLoaders: Readonly<Record<string, () => Promise<LabModule>>> = {
  welcome: () => import('./welcome/lab.ts'),
  'race-0x3b': () => import('./race-0x3b/lab.ts'),
  'driver-loading': () => import('./driver-loading/lab.ts'),
  'irp-dispatch': () => import('./irp-dispatch/lab.ts'),
  'user-state': () => import('./user-state/lab.ts'),
  'isolation-filter': () => import('./isolation-filter/lab.ts'),
};
