/**
 * The NCES CCD district (LEA) archives `lct fetch ccd` knows, under https://nces.ed.gov/ccd/Data/zip/.
 * NCES names each archive with its release date, so a name cannot be built from the year: every name
 * here was read in public download scripts (listed in CCD_CATALOG_SOURCES), never guessed. A year or
 * file the sources do not confirm is listed in CCD_CATALOG_UNCONFIRMED with the reason, never fetched.
 */
import type { CcdFileKind } from './ccd-files.js';

export const NCES_CCD_BASE_URL = 'https://nces.ed.gov/ccd/Data/zip/';

export interface CcdCatalogEntry {
  year: string;
  kind: CcdFileKind;
  /** The archive is `<name>.zip`. */
  name: string;
  /** long: one row per district and category; wide: one row per district, a column per category. */
  layout: 'long' | 'wide';
  /** The data file inside: comma-separated .csv, or tab-separated .txt (2014-15). */
  format: 'csv' | 'tab';
  /** Keys of CCD_CATALOG_SOURCES where this exact name was seen. */
  seen_in: readonly string[];
  note?: string;
}

/** Public scripts and documents the names were read in (retrieved 2026 through the project's search tool). */
export const CCD_CATALOG_SOURCES: Record<string, string> = {
  issue:
    'lct issue 16 ("Real NCES data in one command"): the 2019-20 to 2024-25 names, the 2018-19 long directory and the upper-case 2015-16 staff archive',
  sherrill:
    'a public Python download script by John Sherrill (2024-11-30, "Script to download CCD district data files"): dir_urls, mem_urls and staff_urls for 2014-15 to 2022-23, handling archives that hold archives',
  eleven_years:
    'a public Python download catalog of "official NCES CCD and EDGE Geocode datasets across 11 school years (2014–15 through 2024–25)", one row per year and file with its URL',
  district_2014_2019:
    'a public Python reader (read_district_2014_2016 / read_district_2016_2019) of the 2014-15 to 2018-19 LEA archives, noting the 2014-15 ones are tab-separated',
  enrollment_script:
    'a public fetch_enrollment.py reading the LEA membership archives 2014-15 to 2023-24 (wide until 2015-16, long after)',
  pipelines_2425:
    'several public 2024-25 pipelines naming the ccd_lea_029/052/059_2425_*_1a_073025 archives (with sizes: directory 2.76 MB, membership 62 MB, staff 5.8 MB)',
  original_lct:
    "the original LCT project's documents (ianmmc/learning-connection-time, docs/STAFFING_DATA_ENHANCEMENT_PLAN.md) naming ccd_lea_059_2324_l_1a_073124.csv and ccd_lea_052_2324_l_1a_073124.csv",
};

const entry = (
  year: string,
  kind: CcdFileKind,
  name: string,
  layout: 'long' | 'wide',
  seen_in: string[],
  extra: Partial<CcdCatalogEntry> = {},
): CcdCatalogEntry => ({ year, kind, name, layout, format: 'csv', seen_in, ...extra });

const OLD = ['sherrill', 'eleven_years', 'district_2014_2019'];
const MID = ['sherrill', 'eleven_years'];

export const CCD_CATALOG: readonly CcdCatalogEntry[] = [
  entry('2014-15', 'directory', 'ccd_lea_029_1415_w_0216161ar_txt', 'wide', OLD, { format: 'tab' }),
  entry('2014-15', 'membership', 'ccd_lea_052_1415_w_0216161a_txt', 'wide', [...OLD, 'enrollment_script'], {
    format: 'tab',
  }),
  entry('2014-15', 'staff', 'ccd_lea_059_1415_w_0216161a_txt', 'wide', OLD, { format: 'tab' }),
  entry('2015-16', 'directory', 'ccd_lea_029_1516_w_1a_011717_csv', 'wide', OLD),
  entry('2015-16', 'membership', 'ccd_lea_052_1516_w_1a_011717_csv', 'wide', [...OLD, 'enrollment_script']),
  entry('2015-16', 'staff', 'CCD_LEA_059_1516_W_1a_011717_csv', 'wide', [...OLD, 'issue'], {
    note: 'upper-case name',
  }),
  entry('2016-17', 'directory', 'ccd_lea_029_1617_w_1a_11212017_csv', 'wide', OLD),
  entry('2016-17', 'membership', 'ccd_lea_052_1617_l_2a_11212017', 'long', [...OLD, 'enrollment_script']),
  entry('2016-17', 'staff', 'ccd_lea_059_1617_l_2a_11212017', 'long', OLD),
  entry('2017-18', 'directory', 'ccd_lea_029_1718_w_1a_083118', 'wide', OLD),
  entry('2017-18', 'membership', 'ccd_lea_052_1718_l_1a_083118', 'long', [...OLD, 'enrollment_script']),
  entry('2017-18', 'staff', 'ccd_lea_059_1718_l_1a_083118', 'long', OLD),
  entry('2018-19', 'directory', 'ccd_lea_029_1819_l_1a_091019', 'wide', [...OLD, 'issue'], {
    note: 'named "l" (long), but public readers take one row per district from it, and one reads its CSV as ccd_lea_029_1819_w_1a_091019.csv: read by its header',
  }),
  entry('2018-19', 'membership', 'ccd_lea_052_1819_l_1a_091019', 'long', [...OLD, 'enrollment_script']),
  entry('2018-19', 'staff', 'ccd_lea_059_1819_l_1a_091019', 'long', OLD),
  entry('2019-20', 'directory', 'ccd_lea_029_1920_w_1a_082120', 'wide', [...MID, 'issue']),
  entry('2019-20', 'membership', 'ccd_lea_052_1920_l_1a_082120', 'long', [...MID, 'issue', 'enrollment_script']),
  entry('2019-20', 'staff', 'ccd_lea_059_1920_l_1a_082120', 'long', [...MID, 'issue']),
  entry('2020-21', 'directory', 'ccd_lea_029_2021_w_1a_080621', 'wide', [...MID, 'issue']),
  entry('2020-21', 'membership', 'ccd_lea_052_2021_l_1a_080621', 'long', [...MID, 'issue', 'enrollment_script']),
  entry('2020-21', 'staff', 'ccd_lea_059_2021_l_1a_080621', 'long', [...MID, 'issue']),
  entry('2021-22', 'directory', 'ccd_lea_029_2122_w_1a_071722', 'wide', [...MID, 'issue']),
  entry('2021-22', 'membership', 'ccd_lea_052_2122_l_1a_071722', 'long', [...MID, 'issue', 'enrollment_script']),
  entry('2021-22', 'staff', 'ccd_lea_059_2122_l_1a_071722', 'long', [...MID, 'issue']),
  entry('2022-23', 'directory', 'ccd_lea_029_2223_w_1a_083023', 'wide', [...MID, 'issue']),
  entry('2022-23', 'membership', 'ccd_lea_052_2223_l_1a_083023', 'long', [...MID, 'issue']),
  entry('2022-23', 'staff', 'ccd_lea_059_2223_l_1a_083023', 'long', [...MID, 'issue']),
  entry('2023-24', 'directory', 'ccd_lea_029_2324_w_1a_073124', 'wide', ['eleven_years', 'issue']),
  entry('2023-24', 'membership', 'ccd_lea_052_2324_l_1a_073124', 'long', [
    'eleven_years',
    'issue',
    'enrollment_script',
    'original_lct',
  ]),
  entry('2023-24', 'staff', 'ccd_lea_059_2324_l_1a_073124', 'long', ['eleven_years', 'issue', 'original_lct']),
  entry('2024-25', 'directory', 'ccd_lea_029_2425_w_1a_073025', 'wide', ['eleven_years', 'issue', 'pipelines_2425']),
  entry('2024-25', 'membership', 'ccd_lea_052_2425_l_1a_073025', 'long', ['eleven_years', 'issue', 'pipelines_2425']),
  entry('2024-25', 'staff', 'ccd_lea_059_2425_l_1a_073025', 'long', ['eleven_years', 'issue', 'pipelines_2425']),
];

/** Years and files the sources did not confirm: listed by `lct fetch ccd --list`, never fetched. */
export const CCD_CATALOG_UNCONFIRMED: readonly { year: string; kind: CcdFileKind | 'all'; reason: string }[] = [
  {
    year: '2025-26',
    kind: 'all',
    reason: 'not published in any source seen; when NCES releases it, fetch it with --url',
  },
];

export const CATALOG_YEARS: readonly string[] = [...new Set(CCD_CATALOG.map((e) => e.year))].sort();

export function catalogEntries(year: string): CcdCatalogEntry[] {
  return CCD_CATALOG.filter((e) => e.year === year);
}

export function newestCatalogYear(): string {
  return CATALOG_YEARS.at(-1)!;
}
