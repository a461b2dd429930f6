/**
 * The course outline as plain data: lessons in order, their URLs and neighbours.
 * Pure (no astro:content), so it is unit-tested in tests/site/.
 */

export interface LessonData {
  readonly title: string;
  readonly summary: string;
  readonly order: number;
  readonly minutes: number;
  readonly labs: readonly string[];
}

export interface LessonEntryLike {
  readonly id: string;
  readonly data: LessonData;
}

export interface CourseLesson {
  /** Collection entry id: the file name without extension, e.g. `01-using-the-labs`. */
  readonly id: string;
  /** URL slug and progress key: the id without its `NN-` prefix, e.g. `using-the-labs`. */
  readonly slug: string;
  /** 1-based position in the course. */
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  readonly minutes: number;
  readonly labs: readonly string[];
  /** Site-relative URL, e.g. `lessons/using-the-labs/` (join with the base). */
  readonly path: string;
}

const ORDER_PREFIX = /^\d+[-_.]/;

/** `01-using-the-labs` → `using-the-labs`; a nested id keeps only its last segment. */
export function lessonSlug(id: string): string {
  const base = id.split('/').pop() ?? id;
  const slug = base.replace(ORDER_PREFIX, '');
  return slug === '' ? base : slug;
}

/** Lessons sorted by `order` (ties by id); throws when two lessons would share a URL. */
export function buildCourse(entries: readonly LessonEntryLike[]): CourseLesson[] {
  const sorted = [...entries].sort((a, b) => a.data.order - b.data.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Map<string, string>();
  return sorted.map((entry, index) => {
    const slug = lessonSlug(entry.id);
    const other = seen.get(slug);
    if (other !== undefined) {
      throw new Error(`Lessons "${other}" and "${entry.id}" both map to /lessons/${slug}/: rename one of them.`);
    }
    seen.set(slug, entry.id);
    return {
      id: entry.id,
      slug,
      number: index + 1,
      title: entry.data.title,
      summary: entry.data.summary,
      minutes: entry.data.minutes,
      labs: [...entry.data.labs],
      path: `lessons/${slug}/`,
    };
  });
}

export interface Neighbours {
  readonly prev: CourseLesson | undefined;
  readonly next: CourseLesson | undefined;
}

export function neighbours(course: readonly CourseLesson[], slug: string): Neighbours {
  const at = course.findIndex((lesson) => lesson.slug === slug);
  if (at < 0) return { prev: undefined, next: undefined };
  return { prev: course[at - 1], next: course[at + 1] };
}

/** `base` as Astro gives it (`/`, `/ntlab/`, `/ntlab`) joined with a site-relative path. */
export function joinBase(base: string, path: string): string {
  const head = base.endsWith('/') ? base : `${base}/`;
  return head + path.replace(/^\/+/, '');
}

/** `95` → `1 h 35 min`; `40` → `40 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
