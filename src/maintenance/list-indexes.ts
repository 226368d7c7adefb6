/** `lct db indexes`: the indexes of `pg_indexes`, with each index's size and how often it was used. */
import type { Queryable } from '../db/database.js';

export interface IndexInfo {
  table: string;
  index: string;
  definition: string;
  bytes: number;
  size: string;
  /** Index scans since statistics were last reset (0 = never used). */
  scans: number;
}

export async function listIndexes(db: Queryable): Promise<IndexInfo[]> {
  const result = await db.query<IndexInfo>(
    `SELECT i.tablename::text AS table, i.indexname::text AS index, i.indexdef AS definition,
            pg_relation_size(c.oid) AS bytes, pg_size_pretty(pg_relation_size(c.oid)) AS size,
            coalesce(s.idx_scan, 0) AS scans
     FROM pg_indexes i
     JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = i.schemaname::regnamespace
     LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = c.oid
     WHERE i.schemaname = current_schema()
     ORDER BY i.tablename, i.indexname`,
  );
  return result.rows;
}
