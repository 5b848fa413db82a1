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
  return { source: unnestClause(columns), values: columns.map(([, , value]) => rows.map(value)) };
}

/** The FROM item alone, `unnest($1::type[], …) AS v(alias, …)`, for builders that send other values. */
export function unnestClause(
  columns: readonly (readonly [alias: string, pgType: string, ...unknown[]])[],
): string {
  const params = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const aliases = columns.map(([alias]) => alias).join(', ');
  return `unnest(${params}) AS v(${aliases})`;
}
