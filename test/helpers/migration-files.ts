/**
 * The migrations the repository ships, written out here rather than read through the migrator: a file
 * that goes missing, or a new one, fails the tests that compare with this list until the list says so.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATION_FILES = [
  '0001_tables.sql',
  '0002_lineage.sql',
  '0003_views.sql',
  '0004_calculation.sql',
  '0005_campaign.sql',
  '0006_current_results.sql',
  '0007_result_reference_checks.sql',
  '0008_district_directory.sql',
  '0009_campaign_attempts.sql',
  '0010_trends.sql',
  '0011_result_counts.sql',
  '0012_invalid_results_index.sql',
  '0013_state_district_order.sql',
];

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** The SHA-256 of a migration file's bytes, as `schema_migrations.checksum` should record it. */
export function fileChecksum(name: string): string {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, name)))
    .digest('hex');
}
