/**
 * Per table: row count and the md5 of every row's text in primary-key order. Equal checksums mean equal
 * contents, across engines and versions (timestamps are rendered in UTC). Restores verify them.
 */
import type { Database, Queryable } from '../db/database.js';
import { inReadSnapshot } from '../db/in-transaction.js';
import { escapeIdentifier } from 'pg';
import { selectDataTables, type TableInfo } from '../db/table-catalog.js';

export interface TableChecksum {
  rows: number;
  md5: string;
}

export function checksumQuery(table: Pick<TableInfo, 'name' | 'columns' | 'primary_key'>): string {
  const columns = table.columns.map(escapeIdentifier).join(', ');
  const order = (table.primary_key.length ? table.primary_key : table.columns).map(escapeIdentifier).join(', ');
  return `SELECT count(*)::integer AS rows, md5(coalesce(string_agg(ROW(${columns})::text, E'\\n' ORDER BY ${order}), '')) AS md5
          FROM ${escapeIdentifier(table.name)}`;
}

/** Checksums of the given tables on a connection the caller prepared (inside a snapshot, in UTC). */
export async function checksumTables(
  tx: Queryable,
  tables: readonly Pick<TableInfo, 'name' | 'columns' | 'primary_key'>[],
): Promise<Record<string, TableChecksum>> {
  const out: Record<string, TableChecksum> = {};
  for (const table of tables) out[table.name] = (await tx.query<TableChecksum>(checksumQuery(table))).rows[0]!;
  return out;
}

/** Checksums of the named data tables (default: all), from one snapshot. */
export async function tableChecksums(
  db: Database | Queryable,
  tables?: readonly string[],
): Promise<Record<string, TableChecksum>> {
  return inReadSnapshot(db, async (tx) => checksumTables(tx, await selectDataTables(tx, tables)));
}
