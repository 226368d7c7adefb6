/** `lct import ccd`: the three CCD district files of one year, directory first, in the caller's transaction. */
import path from 'node:path';
import type { Queryable } from '../../db/database.js';
import { LctError } from '../../errors.js';
import { K12_GRADES } from '../../domain/grades.js';
import type { ProgressSink } from '../../progress.js';
import { silentProgress } from '../../progress.js';
import { loadRows } from '../load-rows.js';
import { readTableInfo } from '../table-info.js';
import type { FileSummary } from '../summary.js';
import { ccdKindOfName, yearOfCcdName, type CcdKind } from './files.js';
import { readDirectory } from './directory.js';
import { readMembership } from './membership.js';
import { readStaff } from './staff.js';
import type { CcdRead } from './read-options.js';
import fs from 'node:fs';

export interface CcdImportOptions {
  year?: string;
  createMissingDistricts?: boolean;
  progress?: ProgressSink;
  /** Called before each file, to name it as the lineage source. */
  onFile?: (file: string) => Promise<void>;
}

const ORDER: CcdKind[] = ['directory', 'membership', 'staff'];
const TABLE: Record<CcdKind, string> = {
  directory: 'districts',
  membership: 'grade_level_enrollment',
  staff: 'grade_level_staffing',
};
const READ: Record<CcdKind, typeof readDirectory> = {
  directory: readDirectory,
  membership: readMembership,
  staff: readStaff,
};

export async function importCcd(
  tx: Queryable,
  files: { file: string; kind: CcdKind }[],
  options: CcdImportOptions = {},
): Promise<FileSummary[]> {
  const progress = options.progress ?? silentProgress;
  const sorted = [...files].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const summaries: FileSummary[] = [];
  let year = options.year;
  for (const { file, kind } of sorted) {
    const name = path.basename(file);
    await options.onFile?.(file);
    const named = yearOfCcdName(file);
    if (year && named && named !== year) {
      throw new LctError(
        `${name} is named for ${named}, but ${year} is being imported.`,
        `Import it with --year ${named}, or pick the ${year} files.`,
      );
    }
    progress.begin(`reading ${name}`, fs.statSync(file).size, 'bytes');
    const read: CcdRead = await READ[kind](file, { year: year ?? named, onBytes: (n) => progress.advance(n) });
    progress.end();
    year = read.year;
    const info = (await readTableInfo(tx, TABLE[kind]))!;
    let placeholders = 0;
    if (kind !== 'directory' && options.createMissingDistricts)
      placeholders = await createMissingFromCcd(tx, read, name);
    progress.begin(`writing ${TABLE[kind]}`, undefined, 'rows');
    const counts = await loadRows(tx, info, read.rows, {
      file: name,
      replaceGroupsBy: kind === 'directory' ? undefined : ['nces_id', 'year'],
    });
    progress.end();
    counts.placeholders += placeholders;
    if (kind === 'membership') await updateDistrictEnrollment(tx, read.year);
    summaries.push({
      file: name,
      kind: `ccd ${kind}`,
      table: TABLE[kind],
      ...counts,
      skipped: read.skipped,
      unknown_labels: read.unknown_labels,
      encoding: read.encoding,
    });
  }
  return summaries;
}

/** `districts.enrollment` is the K-12 total of each district's latest year of membership. */
async function updateDistrictEnrollment(tx: Queryable, year: string): Promise<void> {
  await tx.query(
    `UPDATE districts d SET enrollment = k.total
     FROM (SELECT nces_id, sum(enrollment)::integer AS total FROM grade_level_enrollment
           WHERE year = $1 AND grade = ANY ($2) GROUP BY nces_id) k
     WHERE d.nces_id = k.nces_id
       AND d.enrollment IS DISTINCT FROM k.total
       AND NOT EXISTS (SELECT 1 FROM grade_level_enrollment later WHERE later.nces_id = d.nces_id AND later.year > $1)`,
    [year, K12_GRADES],
  );
}

/** With --create-missing, districts named in a membership or staff file but not yet known are created from its LEA_NAME and ST. */
async function createMissingFromCcd(tx: Queryable, read: CcdRead, file: string): Promise<number> {
  const candidates = [...read.districts].map(([nces_id, d]) => ({
    nces_id,
    name: d.name || `Unknown district ${nces_id}`,
    state: d.state,
  }));
  const result = await tx.query(
    `INSERT INTO districts (nces_id, name, state, metadata)
     SELECT c.nces_id, c.name, c.state, jsonb_build_object('placeholder', true, 'created_by_import', $2::text)
     FROM jsonb_to_recordset($1::jsonb) AS c(nces_id text, name text, state text)
     WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = c.nces_id)`,
    [JSON.stringify(candidates), file],
  );
  return result.rowCount;
}

export { ccdKindOfName };
