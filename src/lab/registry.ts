/** Look labs up by id. */
import { labLoaders } from '../../labs/index.ts';
import type { LabDefinition } from './schema.ts';

export function labIds(): string[] {
  return Object.keys(labLoaders).sort();
}

export function hasLab(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(labLoaders, id);
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
