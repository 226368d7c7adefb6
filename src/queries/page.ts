/** A page of a list with the total matching, as the list utilities (and the API) return it. */
import { z } from 'zod';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
}

/** The zod schema of a page of `item`s. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item).describe('This page of items'),
    total: z.int().describe('Items matching the request, on every page'),
    page: z.int().describe('This page’s number, from 1'),
    per_page: z.int().describe('Items per page'),
  });
}
