/**
 * `lct mcp` at national size: the 17,842 real districts with the query benchmark's synthetic data
 * (bench/queries.ts: enrollment, staffing, bell schedules, a completed run of 7 scopes, claims), served by
 * `lct mcp` (the built CLI) to the SDK's own Client over stdio, on the server and on a data folder. Each
 * tool call is timed from the request to the parsed answer. Baseline, same run: the library function the
 * tool calls, in this process on the same database (ratio: median of the calls over the library's median).
 * Target (issue 14): the lookups (a district by id, its profile, a state's next candidates) p95 ≤ 20 ms;
 * the search by part of a name and the state summary are reported beside them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Database } from '../src/db/database.js';
import { PgliteDatabase } from '../src/db/pglite-engine.js';
import { migrate } from '../src/db/migrate.js';
import { getDistrictDetails } from '../src/queries/get-district-details.js';
import { getDistrictProfile } from '../src/queries/get-district-profile.js';
import { searchDistricts } from '../src/queries/search-districts.js';
import { getCurrentLctForDistricts } from '../src/queries/get-current-lct-for-districts.js';
import { getNextEnrichmentCandidates } from '../src/queries/get-next-enrichment-candidates.js';
import { getLctSummaryByScope } from '../src/queries/get-lct-summary-by-scope.js';
import { summarizeLct } from '../src/queries/summarize-lct.js';
import { getStateCampaignProgress } from '../src/queries/get-state-campaign-progress.js';
import { type BenchResult, CLI, median, percentile, serverDatabase, time } from './lib.js';
import { loadNational, readDistricts } from './queries.js';

const YEAR = '2023-24';
const CAMPAIGN_YEAR = '2025-26';
const CALLS = 300;
const WARMUP = 30;
const TARGET_MS = 20;

/** A call of each kind: the tool and its arguments, and the library work the tool does. */
interface Lookup {
  name: string;
  lookup: boolean;
  tool(i: number): { name: string; arguments: Record<string, unknown> };
  library(db: Database, i: number): Promise<unknown>;
}

function lookups(ids: string[], names: string[], states: string[]): Lookup[] {
  const id = (i: number) => ids[(i * 7919) % ids.length]!;
  const name = (i: number) => names[(i * 104_729) % names.length]!;
  const state = (i: number) => states[i % states.length]!;
  return [
    {
      name: 'lookup_district',
      lookup: true,
      tool: (i) => ({ name: 'lookup_district', arguments: { district_id: id(i) } }),
      library: (db, i) => getDistrictDetails(db, id(i)),
    },
    {
      // Matching a part of the name reads every name (ILIKE '%…%': no index can serve it), so it costs what
      // the library's search costs at national size: reported, no target.
      name: 'search_districts (a word of a name, no target)',
      lookup: false,
      tool: (i) => ({ name: 'search_districts', arguments: { query: name(i) } }),
      library: async (db, i) => {
        const page = await searchDistricts(db, { q: name(i), per_page: 10 });
        return getCurrentLctForDistricts(
          db,
          page.items.map((d) => d.nces_id),
          YEAR,
        );
      },
    },
    {
      name: 'get_district_profile',
      lookup: true,
      tool: (i) => ({ name: 'get_district_profile', arguments: { district_id: id(i) } }),
      library: (db, i) => getDistrictProfile(db, id(i)),
    },
    {
      name: 'query_next_candidates',
      lookup: true,
      tool: (i) => ({ name: 'query_next_candidates', arguments: { state: state(i), year: CAMPAIGN_YEAR } }),
      library: (db, i) => getNextEnrichmentCandidates(db, state(i), CAMPAIGN_YEAR, { limit: 9 }),
    },
    {
      // Statistics over a state's current results (summarizeLct by scope), not a keyed read: reported.
      name: 'state_summary (no target)',
      lookup: false,
      tool: (i) => ({
        name: 'state_summary',
        arguments: { state: state(i), year: YEAR, campaign_year: CAMPAIGN_YEAR },
      }),
      library: async (db, i) => [
        await summarizeLct(db, { year: YEAR, state: state(i), group_by: 'scope' }),
        await getStateCampaignProgress(db, CAMPAIGN_YEAR),
        await getNextEnrichmentCandidates(db, state(i), CAMPAIGN_YEAR, { limit: 5 }),
      ],
    },
    {
      name: 'query_lct_summary (one scope, no target)',
      lookup: false,
      tool: () => ({ name: 'query_lct_summary', arguments: { scope: 'teachers_only', year: YEAR } }),
      library: (db) => getLctSummaryByScope(db, 'teachers_only', YEAR),
    },
  ];
}

interface Timing {
  p95: number;
  median: number;
}

const summary = (times: number[]): Timing => ({ p95: percentile(times, 95), median: median(times) });

async function timeLibrary(db: Database, kinds: Lookup[]): Promise<Map<string, Timing>> {
  const out = new Map<string, Timing>();
  for (const kind of kinds) {
    for (let i = 0; i < WARMUP; i++) await kind.library(db, i);
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) times.push((await time(() => kind.library(db, WARMUP + i))).seconds * 1000);
    out.set(kind.name, summary(times));
  }
  return out;
}

async function timeServer(
  env: Record<string, string>,
  globalArgs: string[],
  kinds: Lookup[],
): Promise<Map<string, Timing>> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL') childEnv[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...globalArgs, 'mcp'],
    env: { ...childEnv, ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'lct-bench', version: '1' });
  await client.connect(transport);
  try {
    await client.listTools(); // the client then validates answers against the output schemas, as a real one does
    const out = new Map<string, Timing>();
    for (const kind of kinds) {
      const call = async (i: number) => {
        const result = await client.callTool(kind.tool(i));
        if (result.isError) throw new Error(`${kind.name}: ${JSON.stringify(result.content)}`);
      };
      for (let i = 0; i < WARMUP; i++) await call(i);
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) times.push((await time(() => call(WARMUP + i))).seconds * 1000);
      out.set(kind.name, summary(times));
    }
    return out;
  } finally {
    await client.close();
  }
}

export async function benchMcp(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const districts = readDistricts();
  const ids = districts.map((d) => d.nces_id);
  // A word of a real name each: "Springfield", "Unified", "County", …
  const names = [...new Set(districts.flatMap((d) => d.name.split(/\s+/)).filter((w) => /^[A-Za-z]{5,}$/.test(w)))];
  const states = [...new Set(districts.map((d) => d.state))];
  const kinds = lookups(ids, names, states);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-mcp-'));
  const server = await serverDatabase();
  try {
    const dataDir = path.join(tmp, 'pgdata');
    const loaded = await time(async () => {
      await loadNational(server.db, districts);
      const embedded = await PgliteDatabase.open(dataDir);
      try {
        await migrate(embedded);
        await loadNational(embedded, districts);
      } finally {
        await embedded.close();
      }
    });
    console.error(`  national data loaded on the server and in a data folder in ${loaded.seconds.toFixed(1)} s`);

    const engines: [string, () => Promise<Map<string, Timing>>, () => Promise<Map<string, Timing>>][] = [
      ['server', () => timeLibrary(server.db, kinds), () => timeServer({ DATABASE_URL: server.url! }, [], kinds)],
      [
        'embedded',
        async () => {
          const db = await PgliteDatabase.open(dataDir);
          try {
            return await timeLibrary(db, kinds);
          } finally {
            await db.close();
          }
        },
        () => timeServer({}, ['--data-dir', dataDir], kinds),
      ],
    ];
    for (const [engine, library, mcp] of engines) {
      const base = await library();
      const served = await mcp();
      for (const kind of kinds) {
        const s = served.get(kind.name)!;
        const b = base.get(kind.name)!;
        results.push({
          name: `lct mcp ${kind.name}, national, ${engine}`,
          measured: `p95 ${s.p95.toFixed(2)} ms (median ${s.median.toFixed(2)})`,
          baseline: `library in-process p95 ${b.p95.toFixed(2)} ms (median ${b.median.toFixed(2)})`,
          ratio: s.median / b.median,
          target: kind.lookup ? `p95 ≤ ${TARGET_MS} ms` : undefined,
          pass: kind.lookup ? s.p95 <= TARGET_MS : undefined,
        });
      }
    }
  } finally {
    await server.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
