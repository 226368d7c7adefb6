/**
 * Bulk inserts: many rows into one table through COPY (about 50× faster than one INSERT
 * per row), in one transaction, with the lineage source set. Rows are plain objects keyed by column name;
 * values are encoded for the column's type: arrays for array columns become PostgreSQL arrays, any value
 * for json/jsonb columns is written as JSON, Dates as ISO timestamps, null/undefined as NULL and '' as ''.
 * It inserts rows as they are: run them through the domain's validation first (e.g. validateBellSchedule).
 */
import type { Database, Queryable } from '../db/database.js';
import { inTransaction } from '../db/in-transaction.js';
import { LctError } from '../errors.js';
import { escapeIdentifier } from 'pg';
import { copyCsvField } from '../db/csv.js';

export interface BulkInsertOptions {
  /** Columns to fill (default: the keys of the first row); the others get their defaults. */
  columns?: readonly string[];
  /** `data_lineage.source`; default `lib:bulkInsert`. */
  source?: string;
}

const CHUNK_BYTES = 256 * 1024;

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    return `"${String(v instanceof Date ? v.toISOString() : v)
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

interface ColumnType {
  name: string;
  json: boolean;
  array: boolean;
}

function encode(value: unknown, type: ColumnType): string {
  if (value === null || value === undefined) return '';
  if (type.json) return copyCsvField(JSON.stringify(value));
  if (type.array && Array.isArray(value)) return copyCsvField(arrayLiteral(value));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return copyCsvField(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return copyCsvField(JSON.stringify(value));
}

async function* csvChunks<R extends object>(
  first: R,
  rest: Iterator<R> | AsyncIterator<R>,
  columns: ColumnType[],
): AsyncGenerator<string> {
  let chunk = '';
  let row: R | undefined = first;
  while (row) {
    const values = row as Record<string, unknown>;
    chunk += columns.map((c) => encode(values[c.name], c)).join(',') + '\n';
    if (chunk.length >= CHUNK_BYTES) {
      yield chunk;
      chunk = '';
    }
    const next: IteratorResult<R> = await rest.next();
    row = next.done ? undefined : next.value;
  }
  if (chunk) yield chunk;
}

/** Inserts the rows with COPY and returns how many were inserted (all or none). */
export async function bulkInsert<R extends object>(
  db: Database | Queryable,
  table: string,
  rows: Iterable<R> | AsyncIterable<R>,
  options: BulkInsertOptions = {},
): Promise<number> {
  const iterator = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  const first = await iterator.next();
  if (first.done) return 0;
  const names = options.columns ?? Object.keys(first.value);
  if (names.length === 0) throw new LctError(`bulkInsert into ${table}: the first row has no columns.`);

  return inTransaction(
    db,
    async (tx) => {
      const described = await tx.query<{ name: string; type_name: string; category: string }>(
        `SELECT a.attname AS name, t.typname AS type_name, t.typcategory AS category
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
         WHERE a.attrelid = to_regclass(quote_ident($1)) AND a.attnum > 0 AND NOT a.attisdropped`,
        [table],
      );
      if (described.rows.length === 0)
        throw new LctError(`There is no table "${table}".`, 'List the tables: lct db sizes');
      const known = new Map(described.rows.map((c) => [c.name, c]));
      const unknown = names.filter((n) => !known.has(n));
      if (unknown.length) {
        throw new LctError(
          `bulkInsert into ${table}: no column ${unknown.map((n) => `"${n}"`).join(', ')}.`,
          `Columns of ${table}: ${[...known.keys()].join(', ')}`,
        );
      }
      const columns = names.map((name) => {
        const c = known.get(name)!;
        return { name, json: c.type_name === 'json' || c.type_name === 'jsonb', array: c.category === 'A' };
      });
      return tx.copyFrom(
        `COPY ${escapeIdentifier(table)} (${names.map(escapeIdentifier).join(', ')}) FROM STDIN WITH (FORMAT csv)`,
        csvChunks(first.value, iterator, columns),
      );
    },
    { source: options.source, defaultSource: 'lib:bulkInsert' },
  );
}
