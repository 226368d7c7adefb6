/** `lct db sizes`: the size of the database and of every table and materialized view, on either engine. */
import type { Queryable } from '../db/database.js';

export interface RelationSize {
  name: string;
  kind: 'table' | 'materialized view';
  /** PostgreSQL's estimate (from the last ANALYZE or VACUUM); null before the first one. */
  rows_estimate: number | null;
  total_bytes: number;
  /** Table, indexes and TOAST together, e.g. "2176 kB". */
  total_size: string;
  table_bytes: number;
  index_bytes: number;
}

export interface DatabaseSizes {
  database: string;
  database_bytes: number;
  database_size: string;
  relations: RelationSize[];
}

export async function getDatabaseSizes(db: Queryable): Promise<DatabaseSizes> {
  const database = await db.query<{ database: string; database_bytes: number; database_size: string }>(
    `SELECT current_database() AS database, pg_database_size(current_database()) AS database_bytes,
            pg_size_pretty(pg_database_size(current_database())) AS database_size`,
  );
  const relations = await db.query<RelationSize>(
    `SELECT c.relname::text AS name,
            CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
            CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS rows_estimate,
            pg_total_relation_size(c.oid) AS total_bytes,
            pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size,
            pg_relation_size(c.oid) AS table_bytes,
            pg_indexes_size(c.oid) AS index_bytes
     FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'm')
     ORDER BY pg_total_relation_size(c.oid) DESC, c.relname`,
  );
  return { ...database.rows[0]!, relations: relations.rows };
}
