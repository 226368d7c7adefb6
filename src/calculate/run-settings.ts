/**
 * Session settings for the length of a run's transaction, on the server (the embedded engine has neither
 * JIT nor memory to spare: its memory is this process's, and never given back).
 */
import type { EngineName, Queryable } from '../db/database.js';

export const RUN_SETTINGS: Readonly<Record<string, string>> = {
  // The run's statements are one-shot and carry long generated expressions: compiling them with LLVM took
  // 3 s of a 3.6 s statement here, for nothing a single execution gains back.
  jit: 'off',
  // Sorts and hashes over a national year fit in memory instead of spilling to temporary files.
  work_mem: '32MB',
  // Over 17.8K districts, starting and gathering parallel workers cost more than they save: staging a
  // national year took 0.63 s serially and 0.70 s with two workers here.
  max_parallel_workers_per_gather: '0',
};

export async function applyRunSettings(tx: Queryable, engine: EngineName): Promise<void> {
  if (engine !== 'postgres') return;
  const settings = Object.entries(RUN_SETTINGS);
  // One round trip: set_config($1, $2, true), set_config($3, $4, true), …
  await tx.query(
    `SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
    settings.flat(),
  );
}
