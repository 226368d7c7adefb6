import type { StagedRows } from '../staged-rows.js';
import type { TextEncoding } from '../read-csv.js';

export interface CcdReadOptions {
  /** The school year being imported; taken from SCHOOL_YEAR when not given. */
  year?: string;
  onBytes?: (bytes: number) => void;
}

export interface CcdRead {
  rows: StagedRows;
  year: string;
  encoding: TextEncoding;
  skipped: Record<string, number>;
  unknown_labels: Record<string, number>;
  /** Name and state of each district seen, for --create-missing. */
  districts: Map<string, { name: string; state: string; line: number }>;
}
