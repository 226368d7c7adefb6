/**
 * Corrupted inputs: at least 40 damaged files per input format. Each must end in a clean import or a
 * clean error (an LctError naming the file), and a failed import must leave every table as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { DIRECTORY, MEMBERSHIP, STAFF, tempDir, writeFile } from '../helpers/ccd-fixture.js';
import { CSV_DAMAGES, damageAll, replaceField, type Damaged } from '../helpers/damage.js';
import { SeededRandom } from '../../src/demo/random.js';
import { importPaths } from '../../src/import/run-import.js';
import { LctError } from '../../src/errors.js';

const ENROLLMENT_CSV =
  'nces_id,year,grade,enrollment\n0100001,2023-24,KG,22\n0100001,2023-24,G01,15\n0100002,2023-24,KG,7\n0100002,2023-24,G06,10\n';
const BELL_CSV =
  'district_id,district_name,state,year,grade_level,instructional_minutes,start_time,end_time,lunch_duration,source,confidence,method,notes\n100001,Alpha,AL,2024-25,elementary,360,8:00 AM,3:00 PM,30,site,high,web_scraping,"a, b"\n100001,Alpha,AL,2024-25,high,380,,,,site,medium,manual,\n100002,Beta,AL,2024-25,middle,350,,,,site,low,statutory,\n';
const bellJson = (urls: unknown = ['https://a.example']) =>
  JSON.stringify(
    {
      100001: {
        year: '2024-25',
        elementary: { instructional_minutes: 360, method: 'web_scraping', confidence: 'high', source_urls: urls },
        high: { instructional_minutes: 380, method: 'manual' },
      },
      100002: { middle: { instructional_minutes: 350, method: 'statutory', confidence: 'low' } },
    },
    null,
    2,
  );
const BELL_JSON = bellJson();
const STATE_YAML =
  'states:\n  alabama:\n    code: "AL"\n    elementary: 360\n    middle_school: 360\n    high_school: 360\n    notes: "6 hours"\n  alaska:\n    code: "AK"\n    elementary: 264\n    middle_school: 300\n    high_school: 300\n';

/** The generic CSV damages, then more seeds of the random ones, then format-specific value damages. */
function csvCorpus(base: string, specific: Record<string, string>, seed: number): Damaged[] {
  const corpus = damageAll(base, CSV_DAMAGES, seed);
  const random = new SeededRandom(seed + 1);
  for (let i = 0; i < 16; i++)
    corpus.push(
      ...damageAll(base, { [`random byte damage #${i}`]: CSV_DAMAGES['random byte damage']! }, random.int(1, 1e6)),
    );
  for (let i = 0; i < 5; i++)
    corpus.push(
      ...damageAll(base, { [`truncated #${i}`]: CSV_DAMAGES['truncated in the middle of a row']! }, random.int(1, 1e6)),
    );
  for (const [name, content] of Object.entries(specific))
    corpus.push({ name, content: Buffer.from(content), expect: name.startsWith('ok:') ? 'import' : 'error' });
  return corpus;
}

function textCorpus(base: string, specific: Record<string, string>, seed: number): Damaged[] {
  const random = new SeededRandom(seed);
  const corpus: Damaged[] = [];
  for (let i = 0; i < 18; i++) {
    const bytes = Buffer.from(base);
    for (let k = 0; k < 4; k++) bytes[random.int(0, bytes.length - 1)] = random.int(0, 255);
    corpus.push({ name: `random byte damage #${i}`, content: bytes });
  }
  for (let i = 0; i < 8; i++)
    corpus.push({ name: `truncated #${i}`, content: Buffer.from(base.slice(0, random.int(1, base.length - 1))) });
  corpus.push({ name: 'empty file', content: Buffer.alloc(0) });
  corpus.push({ name: 'UTF-16', content: Buffer.from(base, 'utf16le') });
  corpus.push({ name: 'binary garbage', content: Buffer.from(Array.from({ length: 3000 }, () => random.int(0, 255))) });
  corpus.push({ name: 'huge value', content: Buffer.from(base.replace('360', '3'.repeat(500_000))) });
  for (const [name, content] of Object.entries(specific))
    corpus.push({ name, content: Buffer.from(content), expect: name.startsWith('ok:') ? 'import' : 'error' });
  return corpus;
}

const FORMATS: { format: string; file: string; corpus: () => Damaged[] }[] = [
  {
    format: 'CCD membership (052)',
    file: 'ccd_lea_052_2324_l_1a_073124.csv',
    corpus: () =>
      csvCorpus(
        MEMBERSHIP + '\n',
        {
          'negative count': replaceField(MEMBERSHIP, 'STUDENT_COUNT', '-5', 14),
          'non-numeric count': replaceField(MEMBERSHIP, 'STUDENT_COUNT', 'lots', 15),
          'fractional students': replaceField(MEMBERSHIP, 'STUDENT_COUNT', '2.5', 16),
          'ok: 6-digit id': MEMBERSHIP.replace(/,0100001,/g, ',100001,'),
          'unknown district': MEMBERSHIP.replace(/,0100001,/g, ',0999999,'),
          'unknown state in an id': MEMBERSHIP.replace(/,0100001,/g, ',9900001,'),
          'wrong school year': MEMBERSHIP.replace(/^2023-2024/gm, '2020-2021'),
          'id with letters': MEMBERSHIP.replace(/,0100001,/, ',01A0001,'),
          'missing GRADE column': MEMBERSHIP.replace('GRADE,', 'GRAD,'),
        },
        52,
      ),
  },
  {
    format: 'CCD staff (059)',
    file: 'ccd_lea_059_2324_l_1a_073124.csv',
    corpus: () =>
      csvCorpus(
        STAFF + '\n',
        {
          'negative FTE': replaceField(STAFF, 'STAFF_COUNT', '-1.5', 9),
          'non-numeric FTE':
            STAFF +
            '\n2023-2024,01,ALABAMA,AL,Beta County,01,,AL-002,100002,Secondary Teachers,n/a,Category Set A,Reported',
          'ok: unknown staff label (reported)': STAFF.replace('Elementary Teachers', 'Wizards'),
        },
        59,
      ),
  },
  {
    format: 'CCD directory (029)',
    file: 'ccd_lea_029_2324_w_1a_073124.csv',
    corpus: () =>
      csvCorpus(
        DIRECTORY + '\n',
        {
          'unknown state code': DIRECTORY.replace(',AL,"Alpha', ',Alabama,"Alpha'),
          'ok: lowercase state (normalised)': DIRECTORY.replace(',AL,Beta', ',al,Beta'),
          'negative schools': DIRECTORY.replace(',PK,12,4', ',PK,12,-4'),
          'empty name': DIRECTORY.replace('Beta County', ''),
        },
        29,
      ),
  },
  {
    format: 'table CSV',
    file: 'grade_level_enrollment.csv',
    corpus: () =>
      csvCorpus(
        ENROLLMENT_CSV,
        {
          'duplicate keys': ENROLLMENT_CSV + '0100001,2023-24,KG,23\n',
          'negative count': replaceField(ENROLLMENT_CSV, 'enrollment', '-3', 2),
          'non-numeric count': replaceField(ENROLLMENT_CSV, 'enrollment', 'twelve', 2),
          'ok: 6-digit ids': ENROLLMENT_CSV.replace(/0100001/g, '100001'),
          'unknown grade': ENROLLMENT_CSV.replace('G06', 'G14'),
          'bad year': ENROLLMENT_CSV.replace('2023-24,G01', '2023-25,G01'),
          'unknown district': ENROLLMENT_CSV.replace('0100002', '0999999'),
          'ok: COVID year (allowed for enrollment)': ENROLLMENT_CSV.replace(/2023-24/g, '2020-21'),
        },
        77,
      ),
  },
  {
    format: 'bell-schedule CSV',
    file: 'bell_times.csv',
    corpus: () =>
      csvCorpus(
        BELL_CSV,
        {
          'COVID year': BELL_CSV.replace('2024-25,elementary', '2020-21,elementary'),
          'minutes too high': BELL_CSV.replace(',380,', ',700,'),
          'minutes too low': BELL_CSV.replace(',350,', ',45,'),
          'unknown method': BELL_CSV.replace('web_scraping', 'divination'),
          'unknown level': BELL_CSV.replace(',middle,', ',kindergarten,'),
          'unknown confidence': BELL_CSV.replace(',low,', ',certain,'),
          'duplicate level': BELL_CSV + '100001,Alpha,AL,2024-25,high,390,,,,site,medium,manual,\n',
          'unknown district': BELL_CSV.replace(/100002/g, '999999'),
        },
        91,
      ),
  },
  {
    format: 'bell-schedule JSON',
    file: 'bell_schedules.json',
    corpus: () =>
      textCorpus(
        BELL_JSON,
        {
          'not an object': '[1, 2, 3]',
          null: 'null',
          'district not an object': JSON.stringify({ 100001: 5 }),
          'level not an object': JSON.stringify({ 100001: { elementary: 'all day' } }),
          'no levels': JSON.stringify({ 100001: { year: '2024-25' } }),
          'minutes as text': BELL_JSON.replace('"instructional_minutes": 360', '"instructional_minutes": "six hours"'),
          'COVID year': BELL_JSON.replace('"2024-25"', '"2021-22"'),
          'minutes out of range': BELL_JSON.replace('380', '900'),
          'unknown method': BELL_JSON.replace('"manual"', '"vibes"'),
          'bad id': JSON.stringify({ ABC: { high: { instructional_minutes: 380, method: 'manual' } } }),
          'urls not a list': bellJson({ a: 1 }),
          'unknown district': JSON.stringify({ 999999: { high: { instructional_minutes: 380, method: 'manual' } } }),
          'trailing comma': BELL_JSON.replace(/}\s*$/, ',}'),
        },
        13,
      ),
  },
  {
    format: 'state requirements YAML',
    file: 'state-requirements.yaml',
    corpus: () =>
      textCorpus(
        STATE_YAML,
        {
          'no states key': 'regions:\n  south: 1\n',
          'states is a list': 'states:\n  - AL\n  - AK\n',
          'bad code': STATE_YAML.replace('"AL"', '"Alabama"'),
          'minutes out of range': STATE_YAML.replace('264', '999'),
          'minutes as text': STATE_YAML.replace('264', 'six hours'),
          'negative minutes': STATE_YAML.replace('300', '-300'),
          'tab indentation': STATE_YAML.replace(/\n {4}/g, '\n\t'),
          'bad indentation': STATE_YAML.replace('\n    code: "AK"', '\n  code: "AK"'),
          'duplicate key': STATE_YAML + '  alabama:\n    code: "AL"\n    elementary: 300\n',
          'state is a scalar': 'states:\n  alabama: 360\n',
          'unclosed quote': STATE_YAML.replace('"6 hours"', '"6 hours'),
        },
        7,
      ),
  },
];

describe.each(ENGINES)('corrupted inputs on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  const snapshot = async () =>
    (
      await t.db.query(`SELECT (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM (
        SELECT d::text AS x FROM districts d UNION ALL SELECT e::text FROM grade_level_enrollment e UNION ALL SELECT s::text FROM grade_level_staffing s
        UNION ALL SELECT b::text FROM bell_schedules b UNION ALL SELECT r::text FROM state_requirements r UNION ALL SELECT count(*)::text FROM data_lineage) all_rows) AS h`)
    ).rows[0];

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir('lct-corrupt-');
    const base = tempDir('lct-corrupt-base-');
    writeFile(base, 'ccd_lea_029_2324_w_1a_073124.csv', DIRECTORY);
    await importPaths(t.db, [base]);
    fs.rmSync(base, { recursive: true, force: true });
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const { format, file, corpus } of FORMATS) {
    it(`${format}: every damaged file ends in a clean import or a clean error`, async () => {
      const damaged = corpus();
      expect(damaged.length).toBeGreaterThanOrEqual(40);
      let clean = 0;
      let refused = 0;
      for (const { name, content, expect: expected } of damaged) {
        const path_ = path.join(dir, file);
        fs.writeFileSync(path_, content);
        const before = await snapshot();
        try {
          const summary = await importPaths(t.db, [path_], { refreshViews: false });
          expect(expected, `${name} was imported but should have been refused`).not.toBe('error');
          clean++;
          // A file the importer did not recognise is left alone: that is a clean outcome too.
          expect(summary.files.length + summary.ignored.length, name).toBeGreaterThan(0);
        } catch (error) {
          refused++;
          expect(expected, `${name} was refused: ${String(error)}`).not.toBe('import');
          expect(error, `${name}: ${String(error)}`).toBeInstanceOf(LctError);
          expect((error as Error).message, name).toContain(file);
          expect((error as Error).message.split('\n'), name).toHaveLength(1);
          expect(await snapshot(), `${name} left the tables changed`).toEqual(before);
          // As a user sees it, for a few per format: exit code 1, the message and what to do next, no stack trace.
          if (t.url && refused <= 3) {
            const cli = await runCli(['import', 'all', path_], { DATABASE_URL: t.url });
            expect(cli.code, name).toBe(1);
            // Progress lines come first (plain lines when not a terminal), then the one error line.
            expect(cli.stderr, name).toMatch(new RegExp(`^error: .*${file.replace('.', '\\.')}`, 'm'));
            expect(
              cli.stderr.split('\n').filter((line) => line.startsWith('error: ')),
              name,
            ).toHaveLength(1);
            expect(cli.stderr, name).not.toMatch(/\n\s+at /);
            expect(await snapshot(), `${name} (lct import all) left the tables changed`).toEqual(before);
          }
        }
      }
      expect(clean + refused).toBe(damaged.length);
      console.log(
        `${engine}, ${format}: ${damaged.length} damaged files, ${clean} imported cleanly, ${refused} refused cleanly`,
      );
    });
  }
});
