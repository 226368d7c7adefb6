import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import * as lct from '../src/index.js';

describe.each(ENGINES)('maintenance on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.execScript(QUERIES_FIXTURE);
    await lct.refreshMaterializedViews(t.db);
  });
  afterAll(() => t.destroy());

  it('sizes: the database and every table and view, largest first', async () => {
    const sizes = await lct.getDatabaseSizes(t.db);
    expect(sizes.database_bytes).toBeGreaterThan(1_000_000);
    expect(sizes.database_size).toMatch(/\d+ (kB|MB)/);
    const names = sizes.relations.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['districts', 'bell_schedules', 'data_lineage', 'mv_state_enrichment_progress']),
    );
    expect(sizes.relations.find((r) => r.name === 'mv_lct_summary_stats')!.kind).toBe('materialized view');
    const bytes = sizes.relations.map((r) => r.total_bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
  });

  it('indexes: the pg_indexes listing with sizes', async () => {
    const indexes = await lct.listIndexes(t.db);
    expect(indexes.find((i) => i.index === 'idx_districts_state')).toMatchObject({
      table: 'districts',
      definition: expect.stringContaining('(state, nces_id)'),
    });
    expect(indexes.every((i) => i.bytes > 0 && typeof i.scans === 'number')).toBe(true);
  });

  it('analyze and vacuum, all tables or the ones named', async () => {
    expect(await lct.analyzeTables(t.db)).toBe('all');
    expect(await lct.analyzeTables(t.db, ['districts', 'bell_schedules'])).toEqual(['districts', 'bell_schedules']);
    await expect(lct.analyzeTables(t.db, ['districts; DROP TABLE districts'])).rejects.toThrow('No table named');
    expect(await lct.vacuumTables(t.db)).toBe('all');
    expect(await lct.vacuumTables(t.db, { tables: ['districts'], full: true })).toEqual(['districts']);
    const sizes = await lct.getDatabaseSizes(t.db);
    expect(sizes.relations.find((r) => r.name === 'districts')!.rows_estimate).toBe(10);
  });

  it('explain, and explain analyze that rolls back what it ran', async () => {
    const plan = await lct.explainQuery(
      t.db,
      `SELECT d.name, bs.instructional_minutes FROM districts d JOIN bell_schedules bs ON d.nces_id = bs.district_id WHERE d.state = 'WI' AND bs.year = '2025-26'`,
    );
    expect(plan.analyzed).toBe(false);
    expect((plan.plan as string[]).join('\n')).toMatch(/Join|Nested Loop/);
    const analyzed = await lct.explainQuery(t.db, 'EXPLAIN ANALYZE DELETE FROM bell_schedules;');
    expect(analyzed.analyzed).toBe(true);
    expect((analyzed.plan as string[]).join('\n')).toMatch(/actual time=.*Execution Time/s);
    expect((await t.db.query('SELECT count(*)::int AS n FROM bell_schedules')).rows).toEqual([{ n: 8 }]);
    const json = await lct.explainQuery(t.db, 'SELECT * FROM districts', {
      format: 'json',
      analyze: true,
      buffers: true,
    });
    expect((json.plan as { Plan: { 'Node Type': string; 'Actual Rows': number } }[])[0]!.Plan).toMatchObject({
      'Node Type': 'Seq Scan',
      'Actual Rows': 10,
    });
  });

  it('views: rows, size and the last refresh', async () => {
    const views = await lct.listMaterializedViews(t.db);
    expect(views.map((v) => [v.view, v.populated, v.rows])).toEqual([
      ['mv_districts_with_lct_data', true, 0],
      ['mv_lct_summary_stats', true, 1],
      ['mv_state_enrichment_progress', true, 3],
      ['mv_unenriched_districts', true, 5],
    ]);
    for (const v of views) {
      expect(v.refreshed_at).toBeInstanceOf(Date);
      expect(v.refresh_ms).toBeGreaterThanOrEqual(0);
      expect(v.bytes).toBeGreaterThan(0);
    }
  });
});
