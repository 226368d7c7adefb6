import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';

interface LineageRow {
  table_name: string;
  operation: string;
  record_id: string;
  changes: Record<string, Record<string, unknown>>;
  source: string;
}

describe.each(ENGINES)('audit trail on %s', (engine) => {
  let t: TestDatabase;
  let mark = 0;
  /** Lineage rows written since the previous call. */
  const newLineage = async (): Promise<LineageRow[]> => {
    const rows = await t.db.query<LineageRow & { id: number }>(
      'SELECT id, table_name, operation, record_id, changes, source FROM data_lineage WHERE id > $1 ORDER BY id',
      [mark],
    );
    if (rows.rows.length) mark = rows.rows.at(-1)!.id;
    return rows.rows.map(({ id: _id, ...rest }) => rest);
  };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await newLineage();
  });
  afterAll(() => t.destroy());

  /** Rows a test starts from (each test its own districts), their lineage already read. */
  const given = async (sql: string) => {
    await t.db.execScript(sql);
    await newLineage();
  };

  it('records an insert with the whole row and the transaction source', async () => {
    await t.db.transaction(
      (tx) =>
        tx.query(
          `INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('0100005', 'Albertville City', 'AL', 5821)`,
        ),
      { source: 'import:ccd ccd_lea_029_2324_w_1a_073124.csv' },
    );
    const [row, ...rest] = await newLineage();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      table_name: 'districts',
      operation: 'insert',
      record_id: '0100005',
      source: 'import:ccd ccd_lea_029_2324_w_1a_073124.csv',
    });
    expect(row!.changes.after).toMatchObject({
      nces_id: '0100005',
      name: 'Albertville City',
      state: 'AL',
      enrollment: 5821,
    });
    expect(row!.changes.before).toBeUndefined();
  });

  it("records only the changed fields of an update, before and after, with source 'sql' when unset", async () => {
    await given(`INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('0100006', 'Arab City', 'AL', 5821)`);
    await t.db.query(`UPDATE districts SET enrollment = 5900, schools = 7 WHERE nces_id = '0100006'`);
    expect(await newLineage()).toEqual([
      {
        table_name: 'districts',
        operation: 'update',
        record_id: '0100006',
        changes: { before: { enrollment: 5821, schools: null }, after: { enrollment: 5900, schools: 7 } },
        source: 'sql',
      },
    ]);
  });

  it('writes nothing for an update that changes no value', async () => {
    await given(
      `INSERT INTO districts (nces_id, name, state, enrollment) VALUES ('0100007', 'Athens City', 'AL', 5900)`,
    );
    await t.db.query(`UPDATE districts SET enrollment = 5900 WHERE nces_id = '0100007'`);
    expect(await newLineage()).toEqual([]);
  });

  it('names composite keys and records deletes with the row before', async () => {
    await given(`INSERT INTO districts (nces_id, name, state) VALUES ('0100008', 'Attalla City', 'AL')`);
    await t.db.transaction(
      async (tx) => {
        await tx.query(
          `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100008', '2023-24', 'KG', 400), ('0100008', '2023-24', 'G01', 410)`,
        );
        await tx.query(`DELETE FROM grade_level_enrollment WHERE nces_id = '0100008' AND grade = 'KG'`);
      },
      { source: 'cli:test' },
    );
    const rows = await newLineage();
    expect(rows.map((r) => [r.operation, r.record_id, r.source])).toEqual([
      ['insert', '0100008/2023-24/KG', 'cli:test'],
      ['insert', '0100008/2023-24/G01', 'cli:test'],
      ['delete', '0100008/2023-24/KG', 'cli:test'],
    ]);
    expect(rows[2]!.changes).toEqual({ before: { nces_id: '0100008', year: '2023-24', grade: 'KG', enrollment: 400 } });
  });

  it('records inserts and updates of one upsert separately', async () => {
    await given(`INSERT INTO districts (nces_id, name, state) VALUES ('0100009', 'Auburn City', 'AL');
      INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100009', '2023-24', 'G01', 410);`);
    await t.db.transaction(
      (tx) =>
        tx.query(
          `INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES ('0100009', '2023-24', 'G01', 415), ('0100009', '2023-24', 'G02', 420)
           ON CONFLICT (nces_id, year, grade) DO UPDATE SET enrollment = EXCLUDED.enrollment`,
        ),
      { source: 'import:csv grade_level_enrollment.csv' },
    );
    const rows = (await newLineage()).sort((a, b) => a.operation.localeCompare(b.operation));
    expect(rows.map((r) => [r.operation, r.record_id])).toEqual([
      ['insert', '0100009/2023-24/G02'],
      ['update', '0100009/2023-24/G01'],
    ]);
    expect(rows[1]!.changes).toEqual({ before: { enrollment: 410 }, after: { enrollment: 415 } });
  });

  it('keeps nothing of a rolled-back transaction', async () => {
    await given(`INSERT INTO districts (nces_id, name, state) VALUES ('0100010', 'Bessemer City', 'AL')`);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`UPDATE districts SET name = 'Renamed' WHERE nces_id = '0100010'`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await newLineage()).toEqual([]);
    expect((await t.db.query(`SELECT name FROM districts WHERE nces_id = '0100010'`)).rows[0]).toEqual({
      name: 'Bessemer City',
    });
  });

  it('summarises a bulk insert above the row limit in one row, also through COPY', async () => {
    await t.db.transaction(
      async (tx) => {
        await tx.query(`SELECT set_config('lct.lineage_row_limit', '5', true)`);
        const rows = Array.from(
          { length: 10 },
          (_, i) => `${String(5500001 + i).padStart(7, '0')},District ${i},WI,${100 + i}\n`,
        );
        const copied = await tx.copyFrom(
          'COPY districts (nces_id, name, state, enrollment) FROM STDIN WITH (FORMAT csv)',
          rows,
        );
        expect(copied).toBe(10);
      },
      { source: 'import:csv districts.csv' },
    );
    expect(await newLineage()).toEqual([
      {
        table_name: 'districts',
        operation: 'insert',
        record_id: '5500001 .. 5500010',
        changes: { bulk: true, rows: 10, first: '5500001', last: '5500010' },
        source: 'import:csv districts.csv',
      },
    ]);
  });

  it('records every row of a bulk update, each with its own before and after', async () => {
    await given(`INSERT INTO districts (nces_id, name, state, enrollment)
      SELECT (2700000 + i)::text, 'District ' || i, 'MN', 100 + i FROM generate_series(1, 10) i`);
    await t.db.query(`UPDATE districts SET enrollment = enrollment + 1 WHERE state = 'MN'`);
    const rows = await newLineage();
    expect(rows).toHaveLength(10);
    expect(rows.find((r) => r.record_id === '2700002')!.changes).toEqual({
      before: { enrollment: 102 },
      after: { enrollment: 103 },
    });
  });
});
