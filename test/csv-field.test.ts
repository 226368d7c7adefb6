import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { copyCsvField, csvField } from '../src/db/csv.js';

const VALUES = [
  'plain',
  'comma, inside',
  'a "quoted" word',
  '"',
  'two\nlines',
  'carriage\r\nreturn',
  ' spaces kept ',
  '\\.',
  'Ünïcödé – ✓',
  '{"k": [1, "v,w"]}',
];

const text = async (chunks: AsyncIterable<Uint8Array>) => {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
};

describe.each(ENGINES)('CSV fields against PostgreSQL on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, { migrated: false });
  });
  afterAll(() => t.destroy());

  it('copyCsvField is read back by COPY exactly, NULL and the empty string kept apart', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE csv_in (n int, v text) ON COMMIT DROP');
      const values: (string | null)[] = [...VALUES, '', null];
      await tx.copyFrom('COPY csv_in (n, v) FROM STDIN WITH (FORMAT csv)', [
        values.map((v, i) => `${i},${copyCsvField(v)}\n`).join(''),
      ]);
      const rows = await tx.query<{ v: string | null }>('SELECT v FROM csv_in ORDER BY n');
      expect(rows.rows.map((r) => r.v)).toEqual(values);
    });
  });

  it('csvField writes a non-empty value exactly as COPY … TO … CSV does', async () => {
    for (const value of VALUES) {
      await t.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('lct.csv_value', $1, true)`, [value]);
        const written = await text(
          tx.copyTo(`COPY (SELECT current_setting('lct.csv_value')) TO STDOUT WITH (FORMAT csv)`),
        );
        expect(csvField(value) + '\n', JSON.stringify(value)).toBe(written);
      });
    }
  });
});
