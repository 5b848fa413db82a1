import { Problems } from '../problems/problems.js';

/**
 * Opaque cursors: base64url JSON of the sort key of the last item returned. Lists sort by uuid v7 ids
 * (time-ordered) or by a timestamp with the id as tie-breaker, so a cursor stays valid while rows are
 * added.
 */
export interface Cursor {
  id: string;
  /** ISO timestamp, for lists sorted by time first. */
  at?: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as Cursor).id === 'string' &&
      ((parsed as Cursor).at === undefined || typeof (parsed as Cursor).at === 'string')
    ) {
      return parsed as Cursor;
    }
  } catch {
    // fall through to the problem below
  }
  throw Problems.validation([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
}

/** A page of results plus the cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells whether another page exists.
 */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => Cursor = (row) => ({ id: row.id }),
): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}
