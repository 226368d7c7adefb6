/** CSV text → objects keyed by the header, for checking files the code wrote. */
import Papa from 'papaparse';

export function parseCsvText(text: string | Buffer): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text.toString().replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
}
