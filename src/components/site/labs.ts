/** Lab titles for the course outline, read from the lab registry at build time. */
import { loadLab } from '../../../labs/registry.ts';

export interface LabInfo {
  readonly id: string;
  readonly title: string;
  /** False when labs/index.ts registers no lab by this id (scripts/build-check.mjs reports it). */
  readonly known: boolean;
}

const cache = new Map<string, Promise<LabInfo>>();

async function load(id: string): Promise<LabInfo> {
  const lab = await loadLab(id);
  return lab ? { id, title: lab.title, known: true } : { id, title: id, known: false };
}

export function labInfos(ids: readonly string[]): Promise<LabInfo[]> {
  return Promise.all(
    ids.map((id) => {
      let info = cache.get(id);
      if (info === undefined) {
        info = load(id);
        cache.set(id, info);
      }
      return info;
    }),
  );
}
