/** `lct import ccd`: the three CCD district files of one year, directory first, in the caller's transaction. */
import type { Queryable } from '../../db/database.js';
import { LctError } from '../../errors.js';
import { K12_GRADES } from '../../domain/grades.js';
import type { ProgressSink } from '../../progress.js';
import { silentProgress } from '../../progress.js';
import { loadRows } from '../load-rows.js';
import { readTableInfo } from '../table-info.js';
import type { FileSummary } from '../summary.js';
import { ccdKindOfName, yearOfCcdName, type CcdKind } from './files.js';
import { districtRowsOf, readDirectory, type DirectoryRead } from './directory.js';
import { readMembership } from './membership.js';
import { readStaff } from './staff.js';
import type { CcdRead } from './read-options.js';
import type { InputSource } from '../input-source.js';

export interface CcdImportOptions {
  year?: string;
  createMissingDistricts?: boolean;
  progress?: ProgressSink;
  /** Called before each file, to name it as the lineage source. */
  onFile?: (file: string) => Promise<void>;
}

export interface CcdInput {
  source: InputSource;
  kind: CcdKind;
}

const ORDER: CcdKind[] = ['directory', 'membership', 'staff'];
const TABLE: Record<CcdKind, string> = {
  directory: 'district_directory',
  membership: 'grade_level_enrollment',
  staff: 'grade_level_staffing',
};
const READ: Record<
  CcdKind,
  (source: InputSource, options: { year?: string; onBytes?: (n: number) => void }) => Promise<CcdRead>
> = {
  directory: readDirectory,
  membership: readMembership,
  staff: readStaff,
};

/** The CCD files of one school year, in the caller's transaction. */
export async function importCcd(
  tx: Queryable,
  files: CcdInput[],
  options: CcdImportOptions = {},
): Promise<FileSummary[]> {
  const progress = options.progress ?? silentProgress;
  const sorted = [...files].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const summaries: FileSummary[] = [];
  let year = options.year;
  for (const { source, kind } of sorted) {
    const name = source.name;
    await options.onFile?.(name);
    const named = yearOfCcdName(name);
    if (year && named && named !== year) {
      throw new LctError(
        `${name} is named for ${named}, but ${year} is being imported.`,
        `Import it with --year ${named}, or pick the ${year} files.`,
      );
    }
    progress.begin(`reading ${name}`, source.size || undefined, 'bytes');
    const read: CcdRead = await READ[kind](source, { year: year ?? named, onBytes: (n) => progress.advance(n) });
    progress.end();
    year = read.year;
    let placeholders = 0;
    if (kind !== 'directory' && options.createMissingDistricts)
      placeholders = await createMissingFromCcd(tx, read, name);
    progress.begin(`writing ${TABLE[kind]}`, undefined, 'rows');
    if (kind === 'directory') summaries.push(await loadDirectoryRows(tx, read as DirectoryRead));
    const info = (await readTableInfo(tx, TABLE[kind]))!;
    const counts = await loadRows(tx, info, read.rows, {
      file: name,
      // Each file is the complete new version of its year: rows it no longer lists go.
      replaceGroupsBy: kind === 'directory' ? ['year'] : ['nces_id', 'year'],
    });
    progress.end(`writing ${TABLE[kind]}: ${counts.read.toLocaleString('en-US')} rows`);
    counts.placeholders += placeholders;
    if (kind === 'membership') await updateDistrictEnrollment(tx, read.year);
    summaries.push({
      file: name,
      kind: `ccd ${kind}`,
      table: TABLE[kind],
      year: read.year,
      layout: read.layout,
      ...counts,
      skipped: read.skipped,
      unknown_labels: read.unknown_labels,
      encoding: read.encoding,
      ...(read.self_check ? { self_check: read.self_check } : {}),
    });
  }
  return summaries;
}

/**
 * `districts` from a directory file: every district it lists exists afterwards, and its row takes this
 * year's values unless a later year's directory was imported already (the latest year's values win).
 */
async function loadDirectoryRows(tx: Queryable, read: DirectoryRead): Promise<FileSummary> {
  const later = await tx.query<{ nces_id: string }>(
    `SELECT DISTINCT nces_id FROM district_directory WHERE year > $1 AND nces_id = ANY ($2)`,
    [read.year, read.records.map((r) => r.id)],
  );
  const skip = new Set(later.rows.map((r) => r.nces_id));
  const info = (await readTableInfo(tx, 'districts'))!;
  const counts = await loadRows(tx, info, districtRowsOf(read, skip), { file: read.file });
  return {
    file: read.file,
    kind: 'ccd directory',
    table: 'districts',
    year: read.year,
    layout: read.layout,
    ...counts,
    skipped: skip.size ? { 'districts a later year describes (its values kept)': skip.size } : {},
    unknown_labels: {},
    encoding: read.encoding,
  };
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
