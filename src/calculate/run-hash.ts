/**
 * A run's input hash: SHA-256 over every district's input hash (`districts_hash`, sorted by district)
 * plus the options that shape the results (minutes policy, rules version, bell-schedule rule, scopes). Never row counts.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { DISTRICT_INPUTS_TABLE } from './stage-district-inputs.js';
import { latestDistrictInputsSql } from './latest-district-inputs.js';
import type { RunOptions } from './types.js';

const COMBINE = `encode(sha256(convert_to(coalesce(string_agg(district_id || '=' || input_hash, ',' ORDER BY district_id), ''), 'UTF8')), 'hex')`;

/** When every district was staged (a full run, or an incremental run that hashed them all). */
export async function districtsHashOfStaged(tx: Queryable): Promise<string> {
  return (await tx.query<{ hash: string }>(`SELECT ${COMBINE} AS hash FROM ${DISTRICT_INPUTS_TABLE}`)).rows[0]!.hash;
}

/**
 * After an incremental run wrote its districts: each existing district's latest hash, this run's included.
 * Only runs since the full run every later one follows need reading: it processed every district.
 */
export async function districtsHashAfterRun(
  tx: Queryable,
  run: { year: string; runId: string; sinceFullRun: string },
): Promise<string> {
  const result = await tx.query<{ hash: string }>(
    `SELECT ${COMBINE} AS hash
     FROM (${latestDistrictInputsSql({ includingRunParam: 2, sinceRunParam: 3 })}) l
     WHERE EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = l.district_id)`,
    [run.year, run.runId, run.sinceFullRun],
  );
  return result.rows[0]!.hash;
}

export function runInputHash(districtsHash: string, options: RunOptions, scopes: readonly string[]): string {
  const text = [
    districtsHash,
    `minutes_policy=${options.minutes_policy}`,
    `rules_version=${options.rules_version}`,
    `bell_schedule_rule=${options.bell_schedule_rule}`,
    `scopes=${scopes.join(',')}`,
  ].join('|');
  return crypto.createHash('sha256').update(text).digest('hex');
}
