/**
 * `lct restore <file> [--force]`: loads a portable backup (backup-format.ts) into this database, whichever
 * engine wrote it. The schema is migrated first; then, in ONE transaction, the backed-up tables are
 * emptied (only with --force: a database with data is never overwritten without it), loaded with COPY,
 * their sequences set where the backup left them, and every table's checksum compared with the backup's.
 * The first error rolls everything back. Audit triggers are off while loading, so the audit trail is
 * restored as it was instead of recording the restore. Materialized views are refreshed at the end.
 */
import path from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { escapeIdentifier } from 'pg';
import { refreshMaterializedViews } from '../db/refresh-views.js';
import { explainError } from '../db/errors.js';
import { LctError } from '../errors.js';
import { silentProgress, type ProgressSink } from '../progress.js';
import { wholeCsvRows } from '../export/csv-rows.js';
import { listDataTables } from '../db/table-catalog.js';
import { checksumTables } from './table-checksums.js';
import { BackupReader, detectBackupKind, type BackupHeader } from './backup-format.js';
import { restoreWithPsql } from './pg-dump.js';
import { nonEmptyTables, refuseToOverwrite } from './overwrite-guard.js';

export interface RestoreOptions {
  /** Replace the contents of the backed-up tables even when they hold data. */
  force?: boolean;
  progress?: ProgressSink;
}

export interface RestoreResult {
  file: string;
  format: 'lct' | 'pg_dump';
  tables: { name: string; rows: number }[];
}

async function checkCompatible(db: Queryable, header: BackupHeader, file: string): Promise<void> {
  const applied = await db.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM schema_migrations',
  );
  const here = new Map(applied.rows.map((m) => [m.version, m]));
  for (const m of header.migrations) {
    const mine = here.get(m.version);
    if (!mine) {
      throw new LctError(
        `${file} was written by a newer lct: its schema has migration ${m.name}, which this one does not know.`,
        'Upgrade lct, then restore again.',
      );
    }
    if (mine.checksum !== m.checksum) {
      throw new LctError(
        `${file} was written with a different ${m.name} than this lct has (checksums differ).`,
        'Restore it with the lct version that wrote it.',
      );
    }
  }
  const tables = new Map((await listDataTables(db)).map((t) => [t.name, t]));
  for (const t of header.tables) {
    const target = tables.get(t.name);
    const missing = target ? t.columns.filter((c) => !target.columns.includes(c)) : null;
    if (!target || missing!.length > 0) {
      throw new LctError(
        `${file} has ${target ? `columns ${missing!.join(', ')} of ` : ''}table ${t.name}, which this database does not have.`,
        'Upgrade lct, then restore again.',
      );
    }
  }
}

/** Tables that reference the ones being replaced but are not in the backup: emptying would orphan them. */
async function outsideReferences(
  db: Queryable,
  tables: readonly string[],
): Promise<{ child: string; parent: string }[]> {
  const result = await db.query<{ child: string; parent: string }>(
    `SELECT DISTINCT child.relname::text AS child, parent.relname::text AS parent
     FROM pg_constraint k
     JOIN pg_class child ON child.oid = k.conrelid
     JOIN pg_class parent ON parent.oid = k.confrelid
     WHERE k.contype = 'f' AND parent.relname = ANY ($1) AND NOT (child.relname = ANY ($1))
     ORDER BY 1, 2`,
    [tables],
  );
  return result.rows;
}

export async function restoreDatabase(
  db: Database,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const kind = detectBackupKind(file);
  if (kind === 'pg_dump') return restoreWithPsql(db, file, options);
  if (kind === 'pg_dump_custom') {
    throw new LctError(
      `${file} is a pg_dump custom-format archive.`,
      'Restore it with pg_restore, or write a plain dump: lct backup <file> --format pg_dump',
    );
  }
  if (kind === 'unknown') {
    throw new LctError(
      `${file} is neither an lct backup nor a pg_dump script.`,
      'Give a file written by lct backup (or by lct backup --format pg_dump).',
    );
  }
  const progress = options.progress ?? silentProgress;
  const reader = await BackupReader.open(file);
  try {
    const { header } = reader;
    await migrate(db);
    await checkCompatible(db, header, file);
    const names = header.tables.map((t) => t.name);
    const occupied = await nonEmptyTables(db, names);
    if (occupied.length > 0 && !options.force) throw refuseToOverwrite(file, occupied);
    // TRUNCATE must also empty the tables that reference the replaced ones: allowed only while those are empty.
    const emptied = [...names];
    if (occupied.length > 0) {
      for (
        let orphans = await outsideReferences(db, emptied);
        orphans.length > 0;
        orphans = await outsideReferences(db, emptied)
      ) {
        const children = [...new Set(orphans.map((o) => o.child))];
        const holding = await nonEmptyTables(db, children);
        if (holding.length > 0) {
          throw new LctError(
            `Replacing ${[...new Set(orphans.map((o) => o.parent))].join(', ')} would orphan the rows of ${holding.join(', ')}, which ${file} does not contain.`,
            'Restore a backup that includes those tables too, or restore into an empty database.',
          );
        }
        emptied.push(...children);
      }
    }

    const totalRows = header.tables.reduce((n, t) => n + t.rows, 0);
    progress.begin(`Restoring ${header.tables.length} tables from ${path.basename(file)}`, totalRows, 'rows');
    await db.transaction(
      async (tx) => {
        await tx.query(`SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, MDY', true)`);
        for (const name of names) await tx.query(`ALTER TABLE ${escapeIdentifier(name)} DISABLE TRIGGER USER`);
        if (occupied.length > 0) await tx.query(`TRUNCATE ${emptied.map(escapeIdentifier).join(', ')}`);
        for (const table of header.tables) {
          try {
            await tx.copyFrom(
              `COPY ${escapeIdentifier(table.name)} (${table.columns.map(escapeIdentifier).join(', ')}) FROM STDIN WITH (FORMAT csv)`,
              wholeCsvRows(reader.tableData()),
            );
          } catch (error) {
            const explained = explainError(error);
            const reason = explained instanceof LctError ? explained.message : (error as Error).message;
            throw new LctError(
              `Restoring ${table.name} failed: ${reason} Nothing was restored; the database is as it was.`,
              undefined,
              { cause: error },
            );
          }
          progress.advance(table.rows);
        }
        // The per-state totals follow districts through triggers, which were off while loading.
        if (names.includes('districts')) await tx.query('SELECT rebuild_state_district_totals()');
        if (names.includes('grade_level_enrollment') || names.includes('grade_level_staffing'))
          await tx.query('SELECT rebuild_input_years()');
        const restored = await checksumTables(tx, header.tables);
        const differing = header.tables.filter(
          (t) => restored[t.name]!.md5 !== t.md5 || restored[t.name]!.rows !== t.rows,
        );
        if (differing.length > 0) {
          const detail = differing
            .map((t) => `${t.name} (${restored[t.name]!.rows} rows, backup ${t.rows})`)
            .join(', ');
          throw new LctError(
            `The restored contents of ${detail} differ from the backup's checksums. Nothing was restored.`,
            'The file may be damaged: restore another backup.',
          );
        }
        // Last, because setval is not undone by a rollback.
        for (const s of header.sequences) {
          await tx.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)', [
            escapeIdentifier(s.table),
            s.column,
            s.last_value,
            s.is_called,
          ]);
        }
        for (const name of names) await tx.query(`ALTER TABLE ${escapeIdentifier(name)} ENABLE TRIGGER USER`);
      },
      { source: `restore:${path.basename(file)}` },
    );
    progress.end(`Restored ${totalRows.toLocaleString('en-US')} rows of ${header.tables.length} tables from ${file}`);
    await refreshMaterializedViews(db);
    return { file, format: 'lct', tables: header.tables.map((t) => ({ name: t.name, rows: t.rows })) };
  } finally {
    reader.close();
  }
}
