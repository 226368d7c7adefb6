import type { StagedRows } from '../staged-rows.js';
import type { TextEncoding } from '../read-csv.js';
import type { CcdLayout } from './layouts.js';
import type { SelfCheck } from './self-check.js';

export interface CcdReadOptions {
  /** The school year being imported; taken from SCHOOL_YEAR (or SURVYEAR) when not given. */
  year?: string;
  onBytes?: (bytes: number) => void;
}

export interface CcdRead {
  rows: StagedRows;
  year: string;
  layout: CcdLayout;
  encoding: TextEncoding;
  skipped: Record<string, number>;
  unknown_labels: Record<string, number>;
  /** Name and state of each district seen, for --create-missing. */
  districts: Map<string, { name: string; state: string; line: number }>;
  /** The file's own totals against the details read (membership and staff files). */
  self_check?: SelfCheck;
}
