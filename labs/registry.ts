/**
 * Look labs up by id. It lives with the labs, not in src/lab: the labs import the engine,
 * the engine never imports the labs (the site, the CLI and the tests come here).
 */
import type { LabDefinition } from '../src/lab/schema.ts';
import { labLoaders } from './index.ts';

export function labIds(): string[] {
  return Object.keys(labLoaders).sort();
}

export function hasLab(id: string): boolean {
  return Object.hasOwn(labLoaders, id);
}

/** Load a lab by id, or null when there is none. */
export async function loadLab(id: string): Promise<LabDefinition | null> {
  if (!hasLab(id)) return null;
  const mod = await labLoaders[id]();
  return mod.default;
}

export async function loadAllLabs(): Promise<LabDefinition[]> {
  return Promise.all(labIds().map(async (id) => (await labLoaders[id]()).default));
}
