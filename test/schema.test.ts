/**
 * src/db/schema.ts against the migrated database on both engines: the same tables and views, of the same
 * kind, with the same columns in the same order, each with the same type and (for tables) nullability, as
 * information_schema reports them. PostgreSQL keeps materialized views out of information_schema, so
 * theirs are read from pg_attribute; and it records no nullability for view columns, so the NOT NULL
 * declared for view columns is checked on data instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { listSchema } from '../src/db/schema.js';
import { escapeIdentifier as quoteIdent } from 'pg';

interface CatalogColumn {
  relation: string;
  kind: string;
  name: string;
  type: string;
  nullable: boolean;
}

/** information_schema's type columns, spelled the way format_type() (and schema.ts) spells the type. */
const INFORMATION_SCHEMA_COLUMNS = `
SELECT c.table_name::text AS relation,
       CASE t.table_type WHEN 'BASE TABLE' THEN 'table' ELSE 'view' END AS kind,
       c.column_name::text AS name,
       CASE
         WHEN c.data_type = 'ARRAY' THEN substr(c.udt_name, 2) || '[]'
         WHEN c.character_maximum_length IS NOT NULL THEN c.data_type || '(' || c.character_maximum_length || ')'
         WHEN c.data_type = 'numeric' AND c.numeric_precision IS NOT NULL
           THEN 'numeric(' || c.numeric_precision || ',' || c.numeric_scale || ')'
         ELSE c.data_type
       END AS type,
       c.is_nullable = 'YES' AS nullable
FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = current_schema()
ORDER BY c.table_name, c.ordinal_position`;

const MATERIALIZED_VIEW_COLUMNS = `
SELECT v.relname::text AS relation, 'materialized view' AS kind, a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS type, true AS nullable
FROM pg_class v
JOIN pg_attribute a ON a.attrelid = v.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE v.relnamespace = current_schema()::regnamespace AND v.relkind = 'm'
ORDER BY v.relname, a.attnum`;

describe.each(ENGINES)('the schema module on %s', (engine) => {
  let t: TestDatabase;
  let catalog: CatalogColumn[];
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    catalog = [
      ...(await t.db.query<CatalogColumn>(INFORMATION_SCHEMA_COLUMNS)).rows,
      ...(await t.db.query<CatalogColumn>(MATERIALIZED_VIEW_COLUMNS)).rows,
    ];
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('lists every table and view of the database, and nothing else', () => {
    const inDatabase = [...new Set(catalog.map((c) => `${c.relation} (${c.kind})`))].sort();
    const declared = listSchema()
      .map((r) => `${r.name} (${r.kind})`)
      .sort();
    expect(declared).toEqual(inDatabase);
  });

  it('has each relation’s columns in order, with their types, and the tables’ nullability', () => {
    for (const relation of listSchema()) {
      const columns = catalog.filter((c) => c.relation === relation.name);
      expect(
        relation.columns.map((c) => `${c.name} ${c.type}`),
        relation.name,
      ).toEqual(columns.map((c) => `${c.name} ${c.type}`));
      if (relation.kind === 'table')
        expect(
          relation.columns.map((c) => `${c.name} ${c.nullable ? 'NULL' : 'NOT NULL'}`),
          relation.name,
        ).toEqual(columns.map((c) => `${c.name} ${c.nullable ? 'NULL' : 'NOT NULL'}`));
    }
  });

  it('describes every relation and column in a line', () => {
    for (const relation of listSchema()) {
      expect(relation.description, relation.name).toMatch(/^[^\n]{10,200}$/);
      for (const c of relation.columns) expect(c.description, `${relation.name}.${c.name}`).toMatch(/^[^\n]{3,200}$/);
    }
  });

  it('declares NOT NULL only for view columns that hold no NULL', async () => {
    await t.db.execScript(QUERIES_FIXTURE);
    await t.db.execScript(`
      INSERT INTO grade_level_enrollment (nces_id, year, grade, enrollment) VALUES
        ('0100001', '2023-24', 'KG', 80), ('0100001', '2023-24', 'G07', 70), ('5500001', '2023-24', 'G01', NULL);
      INSERT INTO grade_level_staffing (nces_id, year, category, fte_count) VALUES
        ('0100001', '2023-24', 'elementary_teachers', 20.5), ('5500001', '2023-24', 'ungraded_teachers', 3);`);
    await refreshMaterializedViews(t.db);
    for (const relation of listSchema().filter((r) => r.kind !== 'table')) {
      const required = relation.columns.filter((c) => !c.nullable);
      const rows = await t.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${quoteIdent(relation.name)}`);
      expect(rows.rows[0]!.n, `${relation.name} has rows to check`).toBeGreaterThan(0);
      const nulls = await t.db.query<Record<string, number>>(
        `SELECT ${required.map((c) => `count(*) FILTER (WHERE ${quoteIdent(c.name)} IS NULL)::integer AS ${quoteIdent(c.name)}`).join(', ')}
         FROM ${quoteIdent(relation.name)}`,
      );
      expect(nulls.rows[0], relation.name).toEqual(Object.fromEntries(required.map((c) => [c.name, 0])));
    }
  });
});
