/** The course covers its source: every claim taught in its lesson, every observable one graded in a lab. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../labs/claims.ts';
import { labLoaders } from '../../labs/index.ts';
import type { LabDefinition } from '../../src/lab/schema.ts';

const labs: LabDefinition[] = await Promise.all(Object.values(labLoaders).map(async (load) => (await load()).default));
const lessonText = (slug: string): string => readFileSync(new URL(`../../content/lessons/${slug}.mdx`, import.meta.url), 'utf8').toLowerCase();

describe('claims coverage', () => {
  it('lists each claim once', () => {
    const ids = CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(61);
  });

  it('teaches every claim in its lesson', () => {
    const missing = CLAIMS.filter((c) => !lessonText(c.lesson).includes(c.term.toLowerCase())).map((c) => `${c.id} (${c.lesson}: ${c.term})`);
    expect(missing).toEqual([]);
  });

  it('grades every observable claim by a debrief part with objectives of a lab', () => {
    const graded = new Set<string>();
    for (const lab of labs) {
      const ids = new Set(lab.objectives.map((o) => o.id));
      for (const part of lab.debrief ?? []) {
        expect(
          part.objectives.every((o) => ids.has(o)),
          `${lab.id}: ${part.title}`,
        ).toBe(true);
        if (part.objectives.length > 0) for (const c of part.claims) graded.add(c);
      }
    }
    expect(CLAIMS.filter((c) => c.observable && !graded.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('names only claims that exist', () => {
    const known = new Set(CLAIMS.map((c) => c.id));
    const named = labs.flatMap((lab) => (lab.debrief ?? []).flatMap((p) => p.claims));
    expect(named.filter((c) => !known.has(c))).toEqual([]);
  });

  it('gives every lab a debrief that covers each objective once', () => {
    for (const lab of labs) {
      const named = (lab.debrief ?? []).flatMap((d) => d.objectives);
      expect([...named].sort(), lab.id).toEqual(lab.objectives.map((o) => o.id).sort());
    }
  });
});
