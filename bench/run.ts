/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, reported as ratios.
 * `npm run bench -- foundation import` runs only the named groups.
 */
import { formatResults, type BenchResult } from './lib.js';
import { benchFoundation } from './foundation.js';
import { benchImport } from './import.js';
import { benchQueries } from './queries.js';
import { benchCalculate } from './calculate.js';
import { benchApi } from './api.js';
import { benchDashboard } from './dashboard.js';
import { benchExtract } from './extract.js';

const GROUPS: Record<string, () => Promise<BenchResult[]>> = {
  foundation: benchFoundation,
  import: benchImport,
  calculate: benchCalculate,
  queries: benchQueries,
  api: benchApi,
  dashboard: benchDashboard,
  extract: benchExtract,
};

const wanted = process.argv.slice(2);
const selected = wanted.length ? wanted : Object.keys(GROUPS);
const results: BenchResult[] = [];
for (const name of selected) {
  const group = GROUPS[name];
  if (!group) {
    console.error(`Unknown benchmark group "${name}". Groups: ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
  console.error(`running ${name} benchmarks…`);
  const groupResults = await group();
  results.push(...groupResults);
  console.log(formatResults(groupResults));
  console.log();
}
console.log('All benchmarks:');
console.log(formatResults(results));
const missed = results.filter((r) => r.pass === false);
console.log(missed.length ? `${missed.length} target(s) missed.` : 'All targets met.');
