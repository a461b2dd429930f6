import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** Lab ids look like lab folder names: labs/<id>/. */
const labId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lab id is lower-case letters, digits and dashes');

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/lessons' }),
  schema: z.object({
    title: z.string().min(1),
    /** One or two sentences for the outline and the page description. */
    summary: z.string().min(1),
    /** Position in the course (1, 2, ...). */
    order: z.number().int(),
    /** Estimated minutes to read the lesson and do its labs. */
    minutes: z.number().int().positive(),
    /** Ids of the labs the lesson embeds (labs/index.ts). */
    labs: z.array(labId).default([]),
  }),
});

export const collections = { lessons };
