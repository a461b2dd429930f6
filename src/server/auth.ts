/** Who is asking: the instructor (token or dashboard cookie) or a student (secret). */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Classroom } from './classroom.ts';
import { bearer, jsonError } from './http.ts';
import type { StudentRecord } from './protocol.ts';

export const INSTRUCTOR_COOKIE = 'ntlab_instructor';

export interface Auth {
  isInstructor(c: Context): boolean;
  student(c: Context): StudentRecord | undefined;
  noInstructor(c: Context): Response;
  noStudent(c: Context): Response;
}

export function classroomAuth(classroom: Classroom): Auth {
  return {
    isInstructor: (c) => {
      const token = bearer(c) ?? getCookie(c, INSTRUCTOR_COOKIE) ?? null;
      return token !== null && classroom.checkInstructor(token);
    },
    student: (c) => {
      const secret = bearer(c);
      return secret === null ? undefined : classroom.studentBySecret(secret);
    },
    noInstructor: (c) => jsonError(c, 401, 'unauthorized', 'This needs the instructor token (Authorization: Bearer <token>).'),
    noStudent: (c) => jsonError(c, 401, 'unauthorized', 'This needs a student secret from POST /api/join (Authorization: Bearer <secret>).'),
  };
}
