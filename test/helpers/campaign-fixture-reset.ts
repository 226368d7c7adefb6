/**
 * Puts a database loaded with the queries fixture back to the fixture's rows before each test of the API,
 * campaign, extraction and query-command tests, so that no test depends on rows another test left behind
 * (a fresh database per test would cost a PGlite start or a CREATE DATABASE each).
 *
 * What those tests write, and how it is put back:
 * - bell_schedules, campaign_claims, campaign_attempts: rows added after the mark are deleted; the rows of
 *   the mark must be unchanged, or the reset fails (it cannot put an edited row back: give that test its
 *   own database instead);
 * - districts.name and calculation_runs.output_files: set back to their values at the mark.
 * data_lineage, the append-only log, keeps growing; a test reads the lineage of its own rows.
 */
import type { Database } from '../../src/db/database.js';

const ID_TABLES = ['bell_schedules', 'campaign_claims', 'campaign_attempts'] as const;

export interface FixtureMark {
  /** Per table: the highest id at the mark and a digest of the rows up to it. */
  tables: Record<(typeof ID_TABLES)[number], { maxId: string; digest: string }>;
  districtNames: string;
  runOutputs: string;
}

async function tableState(
  db: Database,
  table: string,
  maxId: string | null,
): Promise<{ maxId: string; digest: string }> {
  const r = await db.query<{ max_id: string; digest: string }>(
    `SELECT coalesce(max(id), 0)::text AS max_id, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY id), '')) AS digest
     FROM ${table} t WHERE $1::bigint IS NULL OR id <= $1::bigint`,
    [maxId],
  );
  return { maxId: r.rows[0]!.max_id, digest: r.rows[0]!.digest };
}

/** Records the fixture's rows: call once the fixture is loaded (in beforeAll). */
export async function markFixture(db: Database): Promise<FixtureMark> {
  const tables = {} as FixtureMark['tables'];
  for (const table of ID_TABLES) tables[table] = await tableState(db, table, null);
  const names = await db.query<{ rows: string }>(
    `SELECT coalesce(json_agg(json_build_object('nces_id', nces_id, 'name', name)), '[]')::text AS rows FROM districts`,
  );
  const outputs = await db.query<{ rows: string }>(
    `SELECT coalesce(json_agg(json_build_object('run_id', run_id, 'output_files', output_files)), '[]')::text AS rows FROM calculation_runs`,
  );
  return { tables, districtNames: names.rows[0]!.rows, runOutputs: outputs.rows[0]!.rows };
}

/**
 * Deletes what the tests added since the mark and puts back what they renamed (in beforeEach). Whether it
 * changed anything: when nothing did, it committed nothing either.
 */
export async function resetToFixture(db: Database, mark: FixtureMark): Promise<boolean> {
  let changed = 0;
  for (const table of [...ID_TABLES].reverse())
    changed += (await db.query(`DELETE FROM ${table} WHERE id > $1::bigint`, [mark.tables[table].maxId])).rowCount;
  changed += (
    await db.query(
      `UPDATE districts d SET name = s.name FROM json_to_recordset($1::json) AS s (nces_id text, name text)
     WHERE d.nces_id = s.nces_id AND d.name IS DISTINCT FROM s.name`,
      [mark.districtNames],
    )
  ).rowCount;
  changed += (
    await db.query(
      `UPDATE calculation_runs r SET output_files = s.output_files
     FROM json_to_recordset($1::json) AS s (run_id text, output_files jsonb)
     WHERE r.run_id = s.run_id AND r.output_files IS DISTINCT FROM s.output_files`,
      [mark.runOutputs],
    )
  ).rowCount;
  for (const table of ID_TABLES) {
    const now = await tableState(db, table, mark.tables[table].maxId);
    if (now.digest !== mark.tables[table].digest)
      throw new Error(
        `A test changed rows of ${table} that the fixture loaded; resetToFixture cannot put them back: give that test its own database`,
      );
  }
  return changed > 0;
}
