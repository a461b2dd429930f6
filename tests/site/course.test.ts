import { describe, expect, it } from 'vitest';
import { buildCourse, formatMinutes, joinBase, lessonSlug, neighbours, type LessonEntryLike } from '../../src/components/site/course.ts';

function entry(id: string, order: number, labs: string[] = []): LessonEntryLike {
  return { id, data: { title: `Title ${id}`, summary: `Summary ${id}`, order, minutes: 10 + order, labs } };
}

describe('lessonSlug', () => {
  it('drops the ordering prefix', () => {
    expect(lessonSlug('01-using-the-labs')).toBe('using-the-labs');
    expect(lessonSlug('12_race-conditions')).toBe('race-conditions');
  });
  it('keeps ids without a prefix and ids that are only a number', () => {
    expect(lessonSlug('software-drivers')).toBe('software-drivers');
    expect(lessonSlug('2026-')).toBe('2026-');
    expect(lessonSlug('x86-paging')).toBe('x86-paging');
  });
  it('uses the last segment of a nested id', () => {
    expect(lessonSlug('part-1/03-dumps')).toBe('dumps');
  });
});

describe('buildCourse', () => {
  it('orders lessons by order, then id, and numbers them from 1', () => {
    const course = buildCourse([entry('03-c', 3), entry('01-a', 1), entry('02-b', 2, ['welcome'])]);
    expect(course.map((l) => l.slug)).toEqual(['a', 'b', 'c']);
    expect(course.map((l) => l.number)).toEqual([1, 2, 3]);
    expect(course[1]).toMatchObject({ id: '02-b', path: 'lessons/b/', labs: ['welcome'], minutes: 12, title: 'Title 02-b' });
  });
  it('breaks ties in order by id', () => {
    expect(buildCourse([entry('02-z', 1), entry('01-y', 1)]).map((l) => l.id)).toEqual(['01-y', '02-z']);
  });
  it('refuses two lessons with the same URL', () => {
    expect(() => buildCourse([entry('01-dumps', 1), entry('07-dumps', 7)])).toThrow(/01-dumps.*07-dumps.*\/lessons\/dumps\//);
  });
  it('copies the labs list instead of sharing it', () => {
    const labs = ['welcome'];
    const [lesson] = buildCourse([entry('01-a', 1, labs)]);
    labs.push('other');
    expect(lesson.labs).toEqual(['welcome']);
  });
});

describe('neighbours', () => {
  const course = buildCourse([entry('01-a', 1), entry('02-b', 2), entry('03-c', 3)]);
  it('gives the previous and next lesson', () => {
    const { prev, next } = neighbours(course, 'b');
    expect(prev?.slug).toBe('a');
    expect(next?.slug).toBe('c');
  });
  it('has no previous for the first and no next for the last', () => {
    expect(neighbours(course, 'a').prev).toBeUndefined();
    expect(neighbours(course, 'c').next).toBeUndefined();
  });
  it('has neither for an unknown slug', () => {
    expect(neighbours(course, 'nope')).toEqual({ prev: undefined, next: undefined });
  });
});

describe('joinBase', () => {
  it('joins with and without slashes', () => {
    expect(joinBase('/', 'lessons/a/')).toBe('/lessons/a/');
    expect(joinBase('/ntlab', 'lessons/a/')).toBe('/ntlab/lessons/a/');
    expect(joinBase('/ntlab/', '/search/')).toBe('/ntlab/search/');
    expect(joinBase('/', '')).toBe('/');
  });
});

describe('formatMinutes', () => {
  it('writes minutes, hours, or both', () => {
    expect(formatMinutes(8)).toBe('8 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(95)).toBe('1 h 35 min');
  });
});
