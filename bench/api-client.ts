/**
 * The load generator of the API benchmark and the API load test, run as its own process
 * (`node dist/bench/api-client.js plan.json`), so it never competes with the server's event loop.
 * autocannon cycles each connection through GET requests over `paths` and, with `writes`, one authorized
 * POST /api/bell-schedules every `every` requests, each a new district/year/level. Prints the result as
 * JSON; the writes the server acknowledged are written to `writes.log` for checking afterwards.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

export interface LoadPlan {
  url: string;
  duration: number;
  /** Stop after this many requests instead of after `duration` seconds. */
  amount?: number;
  connections: number;
  /** GET paths, taken in turn across all connections. */
  paths: string[];
  writes?: {
    every: number;
    token: string;
    districts: string[];
    years: string[];
    log: string;
    /** The first write's number (keys continue across runs). */ first?: number;
  };
}

export interface LoadResult {
  requests: number;
  /** From the start to the last response. */
  seconds: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  status: Record<string, number>;
  writes_sent: number;
  writes_acknowledged: number;
}

export interface AcknowledgedWrite {
  district_id: string;
  year: string;
  grade_level: string;
  instructional_minutes: number;
  status: number;
}

const LEVELS = ['elementary', 'middle', 'high'];

/** The k-th write: every district, then every level, then every year, so no two writes share a key. */
export function nthWrite(k: number, districts: string[], years: string[]): Omit<AcknowledgedWrite, 'status'> {
  const d = districts.length;
  return {
    district_id: districts[k % d]!,
    grade_level: LEVELS[Math.floor(k / d) % 3]!,
    year: years[Math.floor(k / (3 * d)) % years.length]!,
    instructional_minutes: 100 + (k % 500),
  };
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  let next = 0;
  let writeCount = 0;
  const firstWrite = plan.writes?.first ?? 0;
  const acknowledged: AcknowledgedWrite[] = [];
  const read: autocannon.Request = {
    method: 'GET',
    setupRequest: (request) => ({
      ...request,
      method: 'GET',
      path: plan.paths[next++ % plan.paths.length]!,
      body: undefined,
    }),
  };
  const requests: autocannon.Request[] = [read];
  const writes = plan.writes;
  if (writes) {
    for (let i = 1; i < writes.every; i++) requests.push(read);
    requests.push({
      setupRequest: (request, context) => {
        const schedule = nthWrite(firstWrite + writeCount++, writes.districts, writes.years);
        (context as { schedule?: unknown }).schedule = schedule;
        return {
          ...request,
          method: 'POST',
          path: '/api/bell-schedules',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writes.token}` },
          body: JSON.stringify({ ...schedule, method: 'human_provided', created_by: 'api-load' }),
        };
      },
      onResponse: (status, _body, context) => {
        const schedule = (context as { schedule?: Omit<AcknowledgedWrite, 'status'> }).schedule;
        if (schedule) acknowledged.push({ ...schedule, status });
      },
    });
  }
  // The rate is over the time to the last response: autocannon's own duration ends on its once-a-second tick,
  // which stretched a run of `amount` requests to the next whole second (17,800 in 7.1 s read as 8.01 s).
  const started = performance.now();
  let lastResponse = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        ...(plan.amount ? { amount: plan.amount } : { duration: plan.duration }),
        requests,
        timeout: 10,
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', () => {
      lastResponse = performance.now();
    });
  });
  const seconds = (lastResponse - started) / 1000;
  if (writes) fs.writeFileSync(writes.log, JSON.stringify(acknowledged));
  const status: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) status[code] = stats.count ?? 0;
  return {
    requests: result.requests.total,
    seconds: Math.round(seconds * 1000) / 1000,
    rps: seconds > 0 ? Math.round(result.requests.total / seconds) : 0,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    status,
    writes_sent: writeCount,
    writes_acknowledged: acknowledged.length,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const plan = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadPlan;
  const result = await runLoad(plan);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
