/** One column of a batch: its alias in the unnest() source, its Postgres type, and its value per row. */
export type Column<T> = readonly [alias: string, pgType: string, value: (row: T) => unknown];

/**
 * The one batch builder: `unnest($1::type[], $2::type[], ...) AS v(alias, ...)` with one array
 * parameter per column. A constant number of parameters whatever the batch size, so the statement
 * parses and plans in constant time (a 500-row VALUES list would have 4,500 parameters).
 */
export function unnestSource<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
): { source: string; values: unknown[] } {
  const params = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const aliases = columns.map(([alias]) => alias).join(', ');
  return {
    source: `unnest(${params}) AS v(${aliases})`,
    values: columns.map(([, , value]) => rows.map(value)),
  };
}
