/**
 * Loads staged rows into a table inside the caller's transaction: idempotent upsert on the table's
 * natural key, updating only rows whose values changed (so lineage records real changes only), with
 * every problem reported at its file and line. An empty table is loaded with one COPY straight into it.
 */
import { escapeIdentifier } from 'pg';
import type { Queryable } from '../db/database.js';
import { InputError } from '../errors.js';
import { stateForDistrictId } from '../domain/states.js';
import type { StagedRows } from './staged-rows.js';
import { naturalKey, type TableInfo } from './table-info.js';

export interface LoadOptions {
  /** Shown in messages: usually the file name. */
  file: string;
  /** Create placeholder districts for ids missing from `districts` instead of failing. */
  createMissingDistricts?: boolean;
  /**
   * Rows of the table sharing these columns with a staged row (e.g. nces_id + year) but absent from the
   * input are deleted: the input is the complete new version of those groups.
   */
  replaceGroupsBy?: string[];
}

export interface LoadCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  placeholders: number;
}

let stageCounter = 0;

/** Whether rows may go straight into the table with one COPY: it is empty, and no placeholders are wanted. */
export async function canCopyDirectly(
  tx: Queryable,
  info: TableInfo,
  options: Pick<LoadOptions, 'createMissingDistricts'>,
): Promise<boolean> {
  if (options.createMissingDistricts) return false;
  return (
    await tx.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${escapeIdentifier(info.name)}) AS empty`)
  ).rows[0]!.empty;
}

/**
 * One COPY of the rows straight into the table, inside a savepoint: true when it worked; false, with
 * nothing written, when the database refused something (loadRows then stages the rows to say what and where).
 */
export async function copyDirectly(
  tx: Queryable,
  info: TableInfo,
  rows: StagedRows,
  data: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
): Promise<boolean> {
  await tx.query('SAVEPOINT lct_direct_copy');
  try {
    await tx.copyFrom(
      `COPY ${escapeIdentifier(info.name)} (${rows.columns.map(escapeIdentifier).join(', ')}) FROM STDIN WITH (FORMAT csv)`,
      data,
    );
    await tx.query('RELEASE SAVEPOINT lct_direct_copy');
    return true;
  } catch {
    await tx.query('ROLLBACK TO SAVEPOINT lct_direct_copy');
    return false;
  }
}

/**
 * Loads staged rows. `copied`: the outcome of a copyDirectly the caller already ran (while reading the
 * file); without it, an empty table gets one direct COPY here.
 */
export async function loadRows(
  tx: Queryable,
  info: TableInfo,
  rows: StagedRows,
  options: LoadOptions & { copied?: boolean },
): Promise<LoadCounts> {
  const counts: LoadCounts = { read: rows.count, inserted: 0, updated: 0, unchanged: 0, deleted: 0, placeholders: 0 };
  if (rows.count === 0) return counts;
  const columnList = rows.columns.map(escapeIdentifier).join(', ');

  const copied =
    options.copied ??
    ((await canCopyDirectly(tx, info, options)) && (await copyDirectly(tx, info, rows, rows.copyData())));
  if (copied) {
    counts.inserted = rows.count;
    await syncSequences(tx, info, rows.columns);
    return counts;
  }
  // Not copied directly (or something in the rows is wrong): stage them, to find and report it.

  const stage = `lct_stage_${process.pid}_${++stageCounter}`;
  const types = new Map(info.columns.map((c) => [c.name, c.type]));
  await tx.query(
    `CREATE TEMP TABLE ${stage} (_rec bigint GENERATED ALWAYS AS IDENTITY, ${rows.columns.map((c) => `${escapeIdentifier(c)} ${types.get(c)}`).join(', ')}) ON COMMIT DROP`,
  );
  try {
    await tx.copyFrom(`COPY ${stage} (${columnList}) FROM STDIN WITH (FORMAT csv)`, rows.copyData());
    const key = naturalKey(info);
    await reportDuplicateKeys(
      tx,
      stage,
      key.filter((k) => rows.columns.includes(k)),
      rows,
      options.file,
    );
    counts.placeholders = await checkDistricts(tx, info, stage, rows, options);
    const { inserted, updated } = await upsert(tx, info, stage, rows, options.file);
    counts.inserted = inserted;
    counts.updated = updated;
    counts.unchanged = rows.count - inserted - updated;
    if (options.replaceGroupsBy) counts.deleted = await deleteReplaced(tx, info, stage, key, options.replaceGroupsBy);
    await syncSequences(tx, info, rows.columns);
    return counts;
  } finally {
    // After an error the transaction is rolled back anyway (the table is ON COMMIT DROP); a failing
    // DROP must not hide the error that matters.
    await tx.query(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
  }
}

async function reportDuplicateKeys(
  tx: Queryable,
  stage: string,
  key: string[],
  rows: StagedRows,
  file: string,
): Promise<void> {
  if (key.length === 0) return;
  const keyList = key.map(escapeIdentifier).join(', ');
  const dup = await tx.query<{ key: string; recs: number[] }>(
    `SELECT concat_ws(', ', ${keyList}) AS key, (array_agg(_rec ORDER BY _rec))[1:2] AS recs
     FROM ${stage} GROUP BY ${keyList} HAVING count(*) > 1 ORDER BY min(_rec) LIMIT 1`,
  );
  const first = dup.rows[0];
  if (first) {
    const [a, b] = first.recs.map(Number);
    throw new InputError(
      file,
      rows.lineOf(b!),
      key.join(', '),
      `duplicate key (${first.key}): the same ${key.join(', ')} is already on line ${rows.lineOf(a!)}`,
      'Keep one row per key in the file.',
    );
  }
}

async function checkDistricts(
  tx: Queryable,
  info: TableInfo,
  stage: string,
  rows: StagedRows,
  options: LoadOptions,
): Promise<number> {
  let created = 0;
  for (const column of info.districtColumns.filter((c) => rows.columns.includes(c))) {
    const missing = await tx.query<{ id: string; rec: number; total: number }>(
      `SELECT s.${escapeIdentifier(column)} AS id, min(s._rec) AS rec, count(*) OVER ()::int AS total
       FROM ${stage} s
       WHERE s.${escapeIdentifier(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = s.${escapeIdentifier(column)})
       GROUP BY s.${escapeIdentifier(column)} ORDER BY min(s._rec) LIMIT 5`,
    );
    if (missing.rows.length === 0) continue;
    const total = missing.rows[0]!.total;
    if (!options.createMissingDistricts) {
      const first = missing.rows.map((r) => `${r.id} (line ${rows.lineOf(Number(r.rec))})`).join(', ');
      throw new InputError(
        options.file,
        rows.lineOf(Number(missing.rows[0]!.rec)),
        column,
        `${total} district id${total > 1 ? 's are' : ' is'} not in the districts table: ${first}${total > 5 ? ', …' : ''}`,
        'Import the districts first (lct import ccd <directory file>, or districts.csv), or re-run with --create-missing to add placeholder districts.',
      );
    }
    const all = await tx.query<{ id: string }>(
      `SELECT DISTINCT s.${escapeIdentifier(column)} AS id FROM ${stage} s
       WHERE s.${escapeIdentifier(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = s.${escapeIdentifier(column)})`,
    );
    const placeholders = all.rows.map(({ id }) => ({
      nces_id: id,
      name: `Unknown district ${id}`,
      state: stateForDistrictId(id)?.code ?? null,
    }));
    const unplaceable = placeholders.find((p) => !p.state);
    if (unplaceable) {
      throw new InputError(
        options.file,
        null,
        column,
        `cannot create a placeholder for district ${unplaceable.nces_id}: its first two digits are not a state FIPS code`,
      );
    }
    await tx.query(
      `INSERT INTO districts (nces_id, name, state, metadata)
       SELECT p.nces_id, p.name, p.state, jsonb_build_object('placeholder', true, 'created_by_import', $2::text)
       FROM jsonb_to_recordset($1::jsonb) AS p(nces_id text, name text, state text)`,
      [JSON.stringify(placeholders), options.file],
    );
    created += placeholders.length;
  }
  return created;
}

async function upsert(
  tx: Queryable,
  info: TableInfo,
  stage: string,
  rows: StagedRows,
  file: string,
): Promise<{ inserted: number; updated: number }> {
  const table = escapeIdentifier(info.name);
  const key = naturalKey(info);
  const columnList = rows.columns.map(escapeIdentifier).join(', ');
  // A generated id (bell_schedules.id) is kept from the file for new rows but never changed on existing ones.
  const updatable = rows.columns.filter(
    (c) => !key.includes(c) && !info.columns.find((col) => col.name === c)?.generated,
  );
  const changed = `(${updatable.map((c) => `${table}.${escapeIdentifier(c)}`).join(', ')}) IS DISTINCT FROM (${updatable.map((c) => `s.${escapeIdentifier(c)}`).join(', ')})`;
  const keyed = key.every((k) => rows.columns.includes(k));
  // Update, then insert the new rows (not INSERT … ON CONFLICT): a file with only some columns can then
  // update existing rows even when new rows would need more, since PostgreSQL checks NOT NULL on the
  // proposed row before it looks for a conflict.
  await tx.query('SAVEPOINT lct_upsert');
  try {
    let updated = 0;
    let inserted = 0;
    if (keyed && updatable.length > 0) {
      const result = await tx.query(
        `UPDATE ${table} SET ${updatable.map((c) => `${escapeIdentifier(c)} = s.${escapeIdentifier(c)}`).join(', ')}
         FROM ${stage} s WHERE ${key.map((k) => `${table}.${escapeIdentifier(k)} = s.${escapeIdentifier(k)}`).join(' AND ')} AND ${changed}`,
      );
      updated = result.rowCount;
    }
    const fresh = keyed
      ? `WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${key.map((k) => `t.${escapeIdentifier(k)} = s.${escapeIdentifier(k)}`).join(' AND ')})`
      : '';
    const result = await tx.query(
      `INSERT INTO ${table} (${columnList}) SELECT ${columnList} FROM ${stage} s ${fresh} ORDER BY _rec`,
    );
    inserted = result.rowCount;
    await tx.query('RELEASE SAVEPOINT lct_upsert');
    return { inserted, updated };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT lct_upsert');
    throw await locateConstraintError(tx, info, stage, rows, file, error);
  }
}

/** Finds the first staged row breaking the constraint named in `error`, and says so at its line. */
async function locateConstraintError(
  tx: Queryable,
  info: TableInfo,
  stage: string,
  rows: StagedRows,
  file: string,
  error: unknown,
): Promise<unknown> {
  const e = error as { code?: string; constraint?: string; column?: string; message?: string; detail?: string };
  if (e.code === '23502' && e.column) {
    if (!rows.columns.includes(e.column)) {
      const key = naturalKey(info);
      const fresh = await tx.query<{ rec: number }>(
        `SELECT _rec AS rec FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM ${escapeIdentifier(info.name)} t WHERE ${key.map((k) => `t.${escapeIdentifier(k)} = s.${escapeIdentifier(k)}`).join(' AND ')}) ORDER BY _rec LIMIT 1`,
      );
      const line = fresh.rows[0] ? rows.lineOf(Number(fresh.rows[0].rec)) : 1;
      return new InputError(
        file,
        line,
        e.column,
        `this row is new to ${info.name}, and new rows need a ${e.column}: the file has no ${e.column} column`,
        `Add a ${e.column} column, or import only rows that already exist.`,
      );
    }
    const rec = await tx.query<{ rec: number }>(
      `SELECT _rec AS rec FROM ${stage} WHERE ${escapeIdentifier(e.column)} IS NULL ORDER BY _rec LIMIT 1`,
    );
    if (rec.rows[0])
      return new InputError(file, rows.lineOf(Number(rec.rows[0].rec)), e.column, 'is empty, but a value is required');
  }
  if (e.code === '23514' && e.constraint) {
    const def = await tx.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2`,
      [info.name, e.constraint],
    );
    const expression = /^CHECK \((.*)\)$/s.exec(def.rows[0]?.def ?? '')?.[1];
    const column = rows.columns.find((c) => expression && new RegExp(`\\b${c}\\b`).test(expression));
    if (expression && column) {
      const found = await tx.query<{ rec: number; value: string | null }>(
        `SELECT _rec AS rec, ${escapeIdentifier(column)}::text AS value FROM ${stage} WHERE NOT (${expression}) ORDER BY _rec LIMIT 1`,
      );
      const row = found.rows[0];
      if (row) {
        return new InputError(
          file,
          rows.lineOf(Number(row.rec)),
          column,
          `value "${row.value}" breaks the rule ${e.constraint}: ${expression}`,
        );
      }
    }
  }
  if (e.code === '23505') {
    return new InputError(
      file,
      null,
      null,
      `conflicts with an existing row: ${e.detail ?? e.message}`,
      'Each row must match existing rows on the same key only.',
    );
  }
  if (e.code?.startsWith('22') || e.code?.startsWith('23')) {
    return new InputError(file, null, null, e.message ?? String(error));
  }
  return error;
}

async function deleteReplaced(
  tx: Queryable,
  info: TableInfo,
  stage: string,
  key: string[],
  groupBy: string[],
): Promise<number> {
  const table = escapeIdentifier(info.name);
  const result = await tx.query(
    `DELETE FROM ${table} t
     WHERE (${groupBy.map((c) => `t.${escapeIdentifier(c)}`).join(', ')}) IN (SELECT DISTINCT ${groupBy.map(escapeIdentifier).join(', ')} FROM ${stage})
       AND NOT EXISTS (SELECT 1 FROM ${stage} s WHERE ${key.map((k) => `s.${escapeIdentifier(k)} = t.${escapeIdentifier(k)}`).join(' AND ')})`,
  );
  return result.rowCount;
}

/** After loading explicit ids into a serial column, move its sequence past them. */
async function syncSequences(tx: Queryable, info: TableInfo, columns: readonly string[]): Promise<void> {
  for (const column of info.columns.filter((c) => c.generated && columns.includes(c.name))) {
    await tx.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max(${escapeIdentifier(column.name)}) FROM ${escapeIdentifier(info.name)}), 1))`,
      [info.name, column.name],
    );
  }
}
