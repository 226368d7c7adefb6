/**
 * The tables that hold data, their columns and primary keys, read from the catalog, in an order that
 * satisfies foreign keys (a table comes after the tables it references). Exports, backups and restores
 * all use this one list, so a table added by a later migration is included without anyone listing it.
 */
import type { Queryable } from '../db/database.js';
import { LctError } from '../errors.js';
import { escapeIdentifier } from 'pg';

/**
 * Tables lct fills or maintains itself (migration bookkeeping, reference data from src/domain, view refresh
 * times, totals kept by triggers): never exported, backed up or restored, always rebuilt where they live.
 */
export const SCHEMA_TABLES: readonly string[] = [
  'schema_migrations',
  'materialized_view_refreshes',
  'state_district_totals',
  // Derived from the results by each run; the trend queries and GET /api/lct compute a year live until a run
  // rewrites it.
  'lct_area_trends',
  'lct_result_counts',
  // Kept by triggers; a restore rebuilds it (rebuild_input_years()).
  'input_years',
  'grade_codes',
  'staff_categories',
  'lct_scopes',
  'qa_flag_definitions',
  'district_status',
];

/**
 * References kept by statement-level triggers instead of declared foreign keys (migrations/0004: a
 * declared key costs ~10 µs per inserted result row). The catalog cannot see them, so they are named here
 * to load parents first.
 */
const TRIGGER_REFERENCES: readonly { child: string; parent: string }[] = [
  { child: 'lct_calculations', parent: 'calculation_runs' },
  { child: 'lct_calculations', parent: 'districts' },
  { child: 'calculation_district_inputs', parent: 'calculation_runs' },
];

export interface TableInfo {
  name: string;
  /** In column order, generated columns left out (COPY cannot write them). */
  columns: string[];
  primary_key: string[];
}

export async function listDataTables(db: Queryable): Promise<TableInfo[]> {
  const tables = await db.query<TableInfo>(
    `SELECT c.relname::text AS name,
            ARRAY(SELECT a.attname::text FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                  ORDER BY a.attnum) AS columns,
            ARRAY(SELECT a.attname::text
                  FROM pg_index i
                  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                  WHERE i.indrelid = c.oid AND i.indisprimary
                  ORDER BY k.position) AS primary_key
     FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY ($1))
     ORDER BY c.relname`,
    [SCHEMA_TABLES],
  );
  const references = await db.query<{ child: string; parent: string }>(
    `SELECT child.relname::text AS child, parent.relname::text AS parent
     FROM pg_constraint k
     JOIN pg_class child ON child.oid = k.conrelid
     JOIN pg_class parent ON parent.oid = k.confrelid
     WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace AND k.conrelid <> k.confrelid`,
  );
  return inDependencyOrder(tables.rows, [...references.rows, ...TRIGGER_REFERENCES]);
}

/** Parents before children; otherwise alphabetical, so the order is the same on every engine. */
function inDependencyOrder(tables: TableInfo[], references: { child: string; parent: string }[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const { child, parent } of references)
    if (byName.has(child) && byName.has(parent)) parents.get(child)!.add(parent);
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t.name) && [...parents.get(t.name)!].every((p) => placed.has(p)));
    if (!next) throw new LctError('The foreign keys between tables form a cycle; cannot order them for export.');
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/** The named tables (validated) in dependency order, or all data tables. */
export async function selectDataTables(db: Queryable, names?: readonly string[]): Promise<TableInfo[]> {
  const all = await listDataTables(db);
  if (!names || names.length === 0) return all;
  const known = new Set(all.map((t) => t.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new LctError(
      `No data table named ${unknown.map((n) => `"${n}"`).join(', ')}.`,
      `Tables: ${all.map((t) => t.name).join(', ')}`,
    );
  }
  return all.filter((t) => names.includes(t.name));
}

/** `SELECT cols FROM t ORDER BY primary key`: the rows of a table in a stable order. */
export function orderedSelect(table: TableInfo): string {
  const order = (table.primary_key.length ? table.primary_key : table.columns).map(escapeIdentifier).join(', ');
  return `SELECT ${table.columns.map(escapeIdentifier).join(', ')} FROM ${escapeIdentifier(table.name)} ORDER BY ${order}`;
}
