/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, reported as ratios.
 * `npm run bench -- foundation import` runs only the named groups; `--markdown` prints the results as one
 * Markdown table headed by the date, the machine and the command, ready for docs/performance.md.
 */
import { describeMachine, formatMarkdown, formatResults, type BenchResult } from './lib.js';
import { benchFoundation } from './foundation.js';
import { benchImport } from './import.js';
import { benchQueries } from './queries.js';
import { benchCalculate } from './calculate.js';
import { benchApi } from './api.js';
import { benchDashboard } from './dashboard.js';
import { benchMcp } from './mcp.js';
import { benchExtract } from './extract.js';
import { benchTrends } from './trends.js';
import { benchTrendWeb } from './trend-web.js';

const GROUPS: Record<string, () => Promise<BenchResult[]>> = {
  foundation: benchFoundation,
  import: benchImport,
  calculate: benchCalculate,
  queries: benchQueries,
  api: benchApi,
  dashboard: benchDashboard,
  mcp: benchMcp,
  extract: benchExtract,
  trends: benchTrends,
  'trend-web': benchTrendWeb,
};

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const unknownOption = args.find((a) => a.startsWith('-') && a !== '--markdown');
if (unknownOption) {
  console.error(`Unknown option ${unknownOption}. Options: --markdown`);
  process.exit(2);
}
const wanted = args.filter((a) => !a.startsWith('-'));
const selected = wanted.length ? wanted : Object.keys(GROUPS);
const started = new Date();
const machine = markdown ? await describeMachine() : '';
const results: BenchResult[] = [];
// With --markdown, stdout carries only the table; the plain tables of each group go to stderr as they come.
const print = markdown ? console.error : console.log;
for (const name of selected) {
  const group = GROUPS[name];
  if (!group) {
    console.error(`Unknown benchmark group "${name}". Groups: ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
  console.error(`running ${name} benchmarks…`);
  const groupResults = await group();
  results.push(...groupResults);
  print(formatResults(groupResults));
  print();
}
if (markdown) {
  console.log(formatMarkdown(results, { date: started, machine, command: ['npm run bench --', ...args].join(' ') }));
  console.log();
} else {
  console.log('All benchmarks:');
  console.log(formatResults(results));
}
const missed = results.filter((r) => r.pass === false);
console.log(missed.length ? `${missed.length} target(s) missed.` : 'All targets met.');
