/** NCES CCD district (LEA) files by number: 029 directory, 052 membership, 059 staff; and their names. */
import { yearFromFileCode } from './years.js';

export type CcdFileKind = 'directory' | 'membership' | 'staff';

export const CCD_FILE_NUMBER: Record<CcdFileKind, string> = { directory: '029', membership: '052', staff: '059' };
const KIND_OF_NUMBER: Record<string, CcdFileKind> = { '029': 'directory', '052': 'membership', '059': 'staff' };

/** `ccd_lea_052_2324_l_1a_073124.csv`, `CCD_LEA_059_1516_W_1a_011717_csv.zip`: file number and year code. */
const NAME_PATTERN = /^ccd_lea_(029|052|059)_(\d{4})_/i;

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

export function ccdKindOfName(file: string): CcdFileKind | undefined {
  const m = NAME_PATTERN.exec(baseName(file));
  return m ? KIND_OF_NUMBER[m[1]!] : undefined;
}

export function yearOfCcdName(file: string): string | undefined {
  const m = NAME_PATTERN.exec(baseName(file));
  return m ? (yearFromFileCode(m[2]!) ?? undefined) : undefined;
}
