/**
 * Damaged copies of valid input files, for the corrupted-input suite: each damage is a small, named,
 * deterministic change of the kind real files suffer.
 */
import { SeededRandom } from '../../src/demo/random.js';

export interface Damaged {
  name: string;
  content: Buffer;
  /** What must happen; unset for random damage, where either clean outcome is fine. */
  expect?: 'import' | 'error';
}

type Damage = (text: string, random: SeededRandom) => string | Buffer;

const lines = (text: string) => text.replace(/\n$/, '').split('\n');
const join = (rows: string[]) => rows.join('\n') + '\n';
const middle = (rows: string[], random: SeededRandom) => random.int(1, Math.max(1, rows.length - 1));

/** Damages for any line-oriented CSV. */
export const CSV_DAMAGES: Record<string, Damage> = {
  'truncated in the middle of a row': (t, r) => t.slice(0, Math.floor(t.length * r.between(0.3, 0.9))),
  'unbalanced quote': (t, r) => {
    const rows = lines(t);
    const i = middle(rows, r);
    rows[i] = rows[i]!.replace(',', ',"');
    return join(rows);
  },
  'extra field': (t, r) => {
    const rows = lines(t);
    const i = middle(rows, r);
    rows[i] += ',surplus';
    return join(rows);
  },
  'missing field': (t, r) => {
    const rows = lines(t);
    const i = middle(rows, r);
    rows[i] = rows[i]!.slice(0, rows[i]!.lastIndexOf(','));
    return join(rows);
  },
  'unknown column': (t) => join(lines(t).map((l, i) => (i === 0 ? `${l},MYSTERY_COLUMN` : `${l},x`))),
  'semicolon delimiter': (t) => t.replace(/,/g, ';'),
  'tab delimiter': (t) => t.replace(/,/g, '\t'),
  'UTF-16 encoding': (t) => Buffer.from('\ufeff' + t, 'utf16le'),
  'random byte damage': (t, r) => {
    const bytes = Buffer.from(t);
    for (let k = 0; k < 6; k++) bytes[r.int(0, bytes.length - 1)] = r.int(0, 255);
    return bytes;
  },
  'a huge field': (t, r) => {
    const rows = lines(t);
    const i = middle(rows, r);
    const fields = rows[i]!.split(',');
    fields[fields.length - 2] = 'x'.repeat(1_000_000);
    rows[i] = fields.join(',');
    return join(rows);
  },
  'empty file': () => '',
  'header only': (t) => lines(t)[0] + '\n',
  'duplicated row': (t, r) => {
    const rows = lines(t);
    const i = middle(rows, r);
    rows.splice(i, 0, rows[i]!);
    return join(rows);
  },
  'blank lines and CRLF': (t) => t.replace(/\n/g, '\r\n\r\n'),
  'NUL bytes': (t, r) => {
    const at = r.int(1, t.length - 1);
    return Buffer.concat([Buffer.from(t.slice(0, at)), Buffer.from([0, 0, 0]), Buffer.from(t.slice(at))]);
  },
  'binary garbage': (_t, r) => Buffer.from(Array.from({ length: 2000 }, () => r.int(0, 255))),
};

/** Replace one field of one data row: `column` by name. */
export function replaceField(text: string, column: string, value: string, row = 1): string {
  const rows = lines(text);
  const header = rows[0]!.split(',');
  const at = header.indexOf(column);
  const fields = rows[row]!.split(',');
  fields[at] = value;
  rows[row] = fields.join(',');
  return join(rows);
}

export function damageAll(base: string, damages: Record<string, Damage>, seed: number): Damaged[] {
  const random = new SeededRandom(seed);
  return Object.entries(damages).map(([name, damage]) => {
    const out = damage(base, random);
    return { name, content: Buffer.isBuffer(out) ? out : Buffer.from(out) };
  });
}
