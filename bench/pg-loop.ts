/**
 * The baseline of the API benchmark, run as its own process (`node dist/bench/pg-loop.js plan.json`) like
 * the load generator: the district-profile statement of `GET /api/districts/:id`, sent by bare `pg` clients
 * in a loop over the same ids, on as many connections as the server's pool, as fast as PostgreSQL answers.
 * A warm-up first (each connection prepares the named statement once), then `duration` seconds measured.
 * Prints `{ requests, rps, p50_ms, p99_ms }` as JSON.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { districtProfileStatement } from '../src/queries/get-district-profile.js';
import { percentile } from './lib.js';

export interface PgLoopPlan {
  url: string;
  connections: number;
  warmup: number;
  duration: number;
  ids: string[];
}

export interface PgLoopResult {
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
}

export async function runPgLoop(plan: PgLoopPlan): Promise<PgLoopResult> {
  const clients = await Promise.all(
    Array.from({ length: plan.connections }, async () => {
      const client = new pg.Client({ connectionString: plan.url });
      await client.connect();
      return client;
    }),
  );
  let next = 0;
  const loop = async (client: pg.Client, until: number, latencies: number[] | null) => {
    while (performance.now() < until) {
      const started = performance.now();
      const result = await client.query(districtProfileStatement(plan.ids[next++ % plan.ids.length]!));
      if (result.rows.length !== 1) throw new Error('the statement found no district');
      latencies?.push(performance.now() - started);
    }
  };
  try {
    const warm = performance.now() + plan.warmup * 1000;
    await Promise.all(clients.map((c) => loop(c, warm, null)));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(clients.map((c) => loop(c, started + plan.duration * 1000, latencies)));
    const seconds = (performance.now() - started) / 1000;
    return {
      requests: latencies.length,
      rps: Math.round(latencies.length / seconds),
      p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const plan = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as PgLoopPlan;
  process.stdout.write(`${JSON.stringify(await runPgLoop(plan))}\n`);
}
