/**
 * The labs this build of the course has, with their objectives, read from the
 * lab registry at start: the dashboard can then list (and lock) labs nobody
 * has opened yet, and the export has a row for every objective.
 */
import type { LabInfo } from './protocol.ts';

export async function courseLabs(): Promise<LabInfo[]> {
  try {
    const { loadAllLabs } = await import('../../labs/registry.ts');
    const labs = await loadAllLabs();
    return labs.map((lab) => ({ id: lab.id, objectives: lab.objectives.map((o) => ({ id: o.id, title: o.title })) }));
  } catch (e) {
    // The dashboard still learns each lab from the students' pages.
    process.stderr.write(
      `ntlab classroom: the lab list could not be read (${e instanceof Error ? e.message : String(e)}); labs appear as students open them.\n`,
    );
    return [];
  }
}
