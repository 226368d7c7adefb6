/**
 * `lct import state-requirements <file>`: the YAML of the original project (states keyed by name, each
 * with code, elementary, middle_school, high_school, notes, source_url) or a CSV with the table's columns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Queryable } from '../db/database.js';
import { InputError } from '../errors.js';
import { stateByCode } from '../domain/states.js';
import { loadRows } from './load-rows.js';
import { StagedRows } from './staged-rows.js';
import { readTableInfo } from './table-info.js';
import { importTableCsv } from './table-csv.js';
import type { FileSummary } from './summary.js';

const COLUMNS = [
  'state_code',
  'state_name',
  'elementary_minutes',
  'middle_minutes',
  'high_minutes',
  'notes',
  'source_url',
];

function minutes(value: unknown, name: string, where: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 0 || n > 600)
    throw new InputError(name, null, where, `"${String(value)}" is not a whole number of minutes between 0 and 600`);
  return String(n);
}

const titleCase = (key: string) => key.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

export async function importStateRequirements(tx: Queryable, file: string): Promise<FileSummary> {
  const name = path.basename(file);
  if (path.extname(file).toLowerCase() === '.csv') return importTableCsv(tx, file, { table: 'state_requirements' });
  let data: unknown;
  try {
    data = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(
      name,
      (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null,
      null,
      `is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const states = (data as { states?: unknown } | null)?.states;
  if (typeof states !== 'object' || states === null)
    throw new InputError(name, null, 'states', 'has no "states:" mapping of state name → requirements');
  const rows = new StagedRows(COLUMNS);
  let position = 0;
  for (const [key, entry] of Object.entries(states as Record<string, Record<string, unknown>>)) {
    position++;
    const where = `states.${key}`;
    if (typeof entry !== 'object' || entry === null)
      throw new InputError(name, null, where, 'must be a mapping with code, elementary, middle_school, high_school');
    const code = String(entry.code ?? '')
      .trim()
      .toUpperCase();
    if (!/^[A-Z]{2}$/.test(code))
      throw new InputError(name, null, `${where}.code`, `"${String(entry.code ?? '')}" is not a two-letter state code`);
    const notes = [
      entry.notes,
      entry.includes ? `Includes: ${String(entry.includes)}` : null,
      entry.reference ? `Reference: ${String(entry.reference)}` : null,
    ]
      .filter((x) => x !== null && x !== undefined && String(x).trim() !== '')
      .map((x) => String(x).trim())
      .join(' | ');
    rows.add(
      [
        code,
        stateByCode(code)?.name ?? titleCase(key),
        minutes(entry.elementary, name, `${where}.elementary`),
        minutes(entry.middle_school, name, `${where}.middle_school`),
        minutes(entry.high_school, name, `${where}.high_school`),
        notes || null,
        entry.source_url ? String(entry.source_url) : null,
      ],
      position,
    );
  }
  const info = (await readTableInfo(tx, 'state_requirements'))!;
  const counts = await loadRows(tx, info, rows, { file: name });
  return {
    file: name,
    kind: 'state requirements',
    table: 'state_requirements',
    ...counts,
    skipped: {},
    unknown_labels: {},
  };
}
