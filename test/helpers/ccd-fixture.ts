/** Small CCD files in the published layouts, for tests: exact numbers to check sums against. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LEAD = 'SCHOOL_YEAR,FIPST,STATENAME,ST,LEA_NAME,STATE_AGENCY_NO,UNION,ST_LEAID,LEAID';
const A = '2023-2024,01,ALABAMA,AL,"Alpha, City of",01,,AL-001,0100001';
// Published without the leading zero, as some real files are.
const B = '2023-2024,01,ALABAMA,AL,Beta County,01,,AL-002,100002';
const DETAIL = '"Category Set A - By Race/Ethnicity; Sex; Grade"';

export const DIRECTORY = [
  `${LEAD},WEBSITE,SY_STATUS_TEXT,LEA_TYPE_TEXT,GSLO,GSHI,OPERATIONAL_SCHOOLS`,
  `${A},https://alpha.example,Open,Regular public school district,PK,12,4`,
  `${B},,Open,Regular public school district,KG,12,`,
].join('\n');

/**
 * Alpha has "Subtotal 4 - By Grade" rows (they are used: PK 5, KG 22, G01 15, G12 not reported);
 * Beta has only detail rows (summed: KG 7, G06 10, AE 2). Totals and "Not Specified" rows are skipped;
 * "Grade 14" is unknown.
 */
export const MEMBERSHIP = [
  `${LEAD},GRADE,RACE_ETHNICITY,SEX,STUDENT_COUNT,TOTAL_INDICATOR,DMS_FLAG`,
  `${A},Pre-Kindergarten,White,Female,5,${DETAIL},Reported`,
  `${A},Pre-Kindergarten,No Category Codes,No Category Codes,5,Subtotal 4 - By Grade,Reported`,
  `${A},Kindergarten,White,Female,10,${DETAIL},Reported`,
  `${A},Kindergarten,Asian,Male,12,${DETAIL},Reported`,
  `${A},Kindergarten,No Category Codes,No Category Codes,22,Subtotal 4 - By Grade,Reported`,
  `${A},Grade 1,White,Female,7,${DETAIL},Reported`,
  `${A},Grade 1,White,Male,8,${DETAIL},Reported`,
  `${A},Grade 1,No Category Codes,No Category Codes,15,Subtotal 4 - By Grade,Reported`,
  `${A},Grade 12,White,Female,,${DETAIL},Not reported`,
  `${A},Grade 12,No Category Codes,No Category Codes,,Subtotal 4 - By Grade,Not reported`,
  `${A},Not Specified,White,Female,3,${DETAIL},Reported`,
  `${A},No Category Codes,No Category Codes,No Category Codes,42,Education Unit Total,Reported`,
  `${A},No Category Codes,White,Female,22,Derived - Subtotal by Race/Ethnicity and Sex minus Adult Education Count,Derived`,
  `${B},Kindergarten,Black or African American,Female,3,${DETAIL},Reported`,
  `${B},Kindergarten,Black or African American,Male,4,${DETAIL},Reported`,
  `${B},Grade 6,Hispanic/Latino,Female,10,${DETAIL},Reported`,
  `${B},Grade 6,Hispanic/Latino,Male,,${DETAIL},Not reported`,
  `${B},Adult Education,White,Male,2,${DETAIL},Reported`,
  `${B},Grade 14,White,Male,1,${DETAIL},Reported`,
  `${B},No Category Codes,No Category Codes,No Category Codes,19,Education Unit Total,Reported`,
].join('\n');

export const STAFF = [
  `${LEAD},STAFF,STAFF_COUNT,TOTAL_INDICATOR,DMS_FLAG`,
  `${A},Elementary Teachers,2.5,Category Set A,Reported`,
  `${A},Kindergarten Teachers,1,Category Set A,Reported`,
  `${A},Secondary Teachers,,Category Set A,Not reported`,
  `${A},Paraprofessionals/Instructional Aides,4.25,Category Set A,Reported`,
  `${A},Bus Drivers,3,Category Set A,Reported`,
  `${A},Teachers,3.5,Derived - Major Staffing Category,Derived`,
  `${A},School Staff,9,Derived - Major Staffing Category,Derived`,
  `${A},No Category Codes,10,Education Unit Total,Reported`,
  `${B},Elementary Teachers,1,Category Set A,Reported`,
].join('\n');

export function tempDir(prefix = 'lct-import-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function writeCcdFixture(dir: string): { directory: string; membership: string; staff: string } {
  return {
    directory: writeFile(dir, 'ccd_lea_029_2324_w_1a_073124.csv', DIRECTORY + '\n'),
    membership: writeFile(dir, 'ccd_lea_052_2324_l_1a_073124.csv', MEMBERSHIP + '\n'),
    staff: writeFile(dir, 'ccd_lea_059_2324_l_1a_073124.csv', STAFF + '\n'),
  };
}
