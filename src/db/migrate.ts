/**
 * Numbered plain-SQL migrations (migrations/NNNN_name.sql), applied once each, in order, each in its own
 * transaction, recorded with a SHA-256 checksum in `schema_migrations`. An applied file that was edited
 * afterwards stops everything: the database would no longer match the files.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database.js';
import { LctError } from '../errors.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { syncReferenceData } from './reference-data.js';

export interface MigrationFile {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  applied_at: Date;
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  pending: MigrationFile[];
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any constant: one migrator at a time per database. */
const MIGRATION_LOCK_KEY = 7_357_001;

export function readMigrationFiles(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const seen = new Map<number, string>();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new LctError(`Migration file ${file} is not named NNNN_name.sql.`, `Rename it in ${dir}.`);
    const version = Number(match[1]);
    if (seen.has(version))
      throw new LctError(`Migrations ${seen.get(version)} and ${file} share the number ${version}.`);
    seen.set(version, file);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version, name: file, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
  });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version     integer PRIMARY KEY,
  name        text NOT NULL,
  checksum    varchar(64) NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;

async function readApplied(db: Pick<Database, 'query'>): Promise<AppliedMigration[] | null> {
  const exists = await db.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return null;
  const result = await db.query<AppliedMigration>(
    'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
  );
  return result.rows;
}

function verifyChecksums(applied: AppliedMigration[], files: MigrationFile[]): void {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new LctError(
        `Migration ${row.name} is recorded as applied but its file is missing from ${MIGRATIONS_DIR}.`,
        'Restore the file (git checkout migrations/), or start over with: lct db reset --yes',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new LctError(
        `Migration ${file.name} was edited after it was applied (checksum ${file.checksum.slice(0, 12)}… ≠ recorded ${row.checksum.slice(0, 12)}…).`,
        'Put the file back as it was (git checkout migrations/) and add a new migration for the change, or start over with: lct db reset --yes',
      );
    }
  }
}

export async function migrationStatus(
  db: Database,
  files: MigrationFile[] = readMigrationFiles(),
): Promise<MigrationStatus> {
  const applied = (await readApplied(db)) ?? [];
  const done = new Set(applied.map((m) => m.version));
  return { applied, pending: files.filter((f) => !done.has(f.version)) };
}

export interface MigrateResult {
  applied: MigrationFile[];
  alreadyApplied: number;
}

export async function migrate(
  db: Database,
  options: { files?: MigrationFile[]; onApply?: (file: MigrationFile) => void } = {},
): Promise<MigrateResult> {
  const files = options.files ?? readMigrationFiles();
  await db.query(CREATE_TABLE);
  const appliedNow: MigrationFile[] = [];
  let alreadyApplied = 0;
  await db.transaction(async (tx) => {
    // Two migrators at once on a server would both apply the same file.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = (await readApplied(tx)) ?? [];
    verifyChecksums(applied, files);
    alreadyApplied = applied.length;
  });
  const done = new Set((await readApplied(db))?.map((m) => m.version));
  for (const file of files) {
    if (done.has(file.version)) continue;
    options.onApply?.(file);
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const again = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [file.version]);
      if (again.rowCount > 0) return; // another process applied it meanwhile
      try {
        await tx.execScript(file.sql);
      } catch (error) {
        const message = (error as Error).message;
        throw new LctError(`Migration ${file.name} failed: ${message}. Nothing of it was applied.`, undefined, {
          cause: error,
        });
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        file.version,
        file.name,
        file.checksum,
      ]);
      appliedNow.push(file);
    });
  }
  await db.transaction((tx) => syncReferenceData(tx), { source: 'lct:migrate' });
  return { applied: appliedNow, alreadyApplied };
}

/** Drops every object of the schema and migrates from scratch. */
export async function resetDatabase(db: Database): Promise<MigrateResult> {
  await db.transaction(async (tx) => {
    await tx.execScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  });
  return migrate(db);
}

/** Refuses to work on a schema that is not fully migrated, naming the command that fixes it. */
export async function assertMigrated(db: Database): Promise<void> {
  const files = readMigrationFiles();
  const applied = await readApplied(db);
  if (applied === null || applied.length === 0) {
    throw new LctError('The database has no schema yet.', 'Run: lct db migrate');
  }
  verifyChecksums(applied, files);
  const pending = files.length - applied.length;
  if (pending > 0) throw new LctError(`The database is ${pending} migration(s) behind.`, 'Run: lct db migrate');
}
