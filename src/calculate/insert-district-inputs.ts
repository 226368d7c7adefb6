/** Records, for every district a run processed, its input hash and the fingerprint of each input. */
import type { Queryable } from '../db/database.js';
import { INPUT_KINDS } from '../domain/inputs.js';
import { DISTRICT_INPUTS_TABLE } from './stage-district-inputs.js';
import { DISTRICTS_TO_PROCESS_TABLE } from './insert-calculations.js';

export async function insertDistrictInputs(
  tx: Queryable,
  run: { runId: string; onlyListedDistricts: boolean },
): Promise<number> {
  const result = await tx.query(
    `INSERT INTO calculation_district_inputs (run_id, district_id, input_hash, ${INPUT_KINDS.map((k) => `${k}_hash`).join(', ')})
     SELECT $1, d.district_id, d.input_hash, ${INPUT_KINDS.map((k) => `d.${k}_fingerprint`).join(', ')}
     FROM ${DISTRICT_INPUTS_TABLE} d
     ${run.onlyListedDistricts ? `JOIN ${DISTRICTS_TO_PROCESS_TABLE} USING (district_id)` : ''}`,
    [run.runId],
  );
  return result.rowCount;
}
