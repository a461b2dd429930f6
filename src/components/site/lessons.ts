/** The course as the pages see it: the `lessons` collection, ordered, with URLs. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildCourse, joinBase, type CourseLesson } from './course.ts';

export async function loadCourse(): Promise<CourseLesson[]> {
  return buildCourse(await getCollection('lessons'));
}

export async function loadLessonEntries(): Promise<Map<string, CollectionEntry<'lessons'>>> {
  const entries = await getCollection('lessons');
  return new Map(entries.map((entry) => [entry.id, entry]));
}

/** Absolute URL path of a site-relative path under the configured base. */
export function siteUrl(path: string): string {
  return joinBase(import.meta.env.BASE_URL, path);
}
