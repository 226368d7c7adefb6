/**
 * `lct trends …`: LCT across years (docs/trends.md) — a district's, a state's or the nation's series for one
 * scope, and the districts that moved most between two years. Readable tables; --json and --csv with the
 * database's names.
 */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatCsv, formatJson, formatTable } from '../output.js';
import { LctError } from '../../errors.js';
import type { AreaTrend, DistrictTrend, Movers } from '../../queries/trend-shapes.js';

interface SeriesCliOptions {
  scope?: string;
  from?: string;
  to?: string;
  json?: boolean;
  csv?: boolean;
}

interface MoversCliOptions extends SeriesCliOptions {
  state?: string;
  limit: string;
}

const SCOPE_HELP = 'LCT scope (default teachers_only)';

function seriesOptions(command: Command): Command {
  return command
    .option('--scope <scope>', SCOPE_HELP)
    .option('--from <year>', 'first school year, e.g. 2016-17')
    .option('--to <year>', 'last school year, e.g. 2024-25')
    .option('--json', 'print JSON (the database names)')
    .option('--csv', 'print CSV, one row per year');
}

const orBlank = (value: unknown) => (value === null || value === undefined ? '' : value);
const signed = (value: number | null, unit = '') => (value === null ? '' : `${value > 0 ? '+' : ''}${value}${unit}`);

function summaryLine(trend: DistrictTrend | AreaTrend): string {
  if (!trend.first_year) return 'No valid year in the series.';
  if (trend.first_year === trend.last_year) return `One valid year in the latest segment: ${trend.first_year}.`;
  return `${trend.first_year} → ${trend.last_year}: change ${signed(trend.change)}, compound annual rate ${signed(trend.cagr, '%')}.`;
}

function printDistrictTrend(trend: DistrictTrend, opts: SeriesCliOptions): void {
  if (opts.json) return console.log(formatJson(trend));
  const rows = trend.years.map((y) => ({ ...y, qa_flags: y.qa_flags.join('; ') }));
  if (opts.csv) return void process.stdout.write(formatCsv(rows));
  console.log(`${trend.name} (${trend.state}), NCES ${trend.district_id}, scope ${trend.scope}`);
  if (trend.years.length === 0)
    return console.log('No year of this scope calculated yet. Next: lct calculate --all-years');
  console.log(
    formatTable(
      trend.years.map((y) => ({
        year: y.year,
        lct: y.valid ? y.lct_value : y.lct_value === null ? '(gap)' : `${y.lct_value} (invalid)`,
        change: signed(y.change),
        change_pct: signed(y.change_pct, '%'),
        enrollment: orBlank(y.enrollment),
        staff: orBlank(y.staff_count),
        minutes: orBlank(y.instructional_minutes),
        source: orBlank(y.minutes_source),
        flags: y.qa_flags.join('; '),
        break: orBlank(y.break),
      })),
    ),
  );
  console.log(summaryLine(trend));
}

function printAreaTrend(trend: AreaTrend, opts: SeriesCliOptions): void {
  if (opts.json) return console.log(formatJson(trend));
  const rows = trend.years.map((y) => ({ ...y, qa_flags: y.qa_flags.join('; ') }));
  if (opts.csv) return void process.stdout.write(formatCsv(rows));
  console.log(
    `${trend.state ?? 'The nation'}, scope ${trend.scope}: median and enrollment-weighted LCT of the valid districts`,
  );
  if (trend.years.length === 0)
    return console.log('No year of this scope calculated yet. Next: lct calculate --all-years');
  console.log(
    formatTable(
      trend.years.map((y) => ({
        year: y.year,
        districts: y.district_count,
        median: orBlank(y.lct_median),
        change: signed(y.change),
        change_pct: signed(y.change_pct, '%'),
        weighted: orBlank(y.lct_weighted),
        weighted_change: signed(y.change_weighted),
        enrollment: orBlank(y.enrollment),
        staff: orBlank(y.staff_count),
        minutes: orBlank(y.instructional_minutes),
      })),
    ),
  );
  console.log(`Median ${summaryLine(trend)}`);
}

function printMovers(movers: Movers, opts: MoversCliOptions): void {
  if (opts.json) return console.log(formatJson(movers));
  const rows = [
    ...movers.rises.map((m) => ({ direction: 'rise', ...m })),
    ...movers.falls.map((m) => ({ direction: 'fall', ...m })),
  ];
  if (opts.csv)
    return void process.stdout.write(
      formatCsv(rows, ['direction', 'district_id', 'name', 'state', 'from_lct', 'to_lct', 'change', 'change_pct']),
    );
  console.log(
    `LCT ${movers.scope}, ${movers.from} → ${movers.to}${movers.state ? `, ${movers.state}` : ''}: districts valid in both years with no break between`,
  );
  for (const [title, list] of [
    ['Largest rises', movers.rises],
    ['Largest falls', movers.falls],
  ] as const) {
    console.log(`\n${title}:`);
    console.log(
      list.length
        ? formatTable(list.map((m) => ({ ...m, change: signed(m.change), change_pct: signed(m.change_pct, '%') })))
        : '(none)',
    );
  }
}

export function registerTrendsCommands(program: Command): void {
  const trends = program
    .command('trends')
    .description('LCT across years: a district, a state or the nation, and the biggest movers');

  seriesOptions(
    trends
      .command('district')
      .description("A district's LCT per year: changes, gaps and series breaks")
      .argument('<id>', 'NCES district id, e.g. 5560580'),
  ).action(async (id: string, opts: SeriesCliOptions, command: Command) => {
    await withDatabase(command, async (db) => {
      const { getDistrictTrend } = await import('../../queries/get-district-trend.js');
      const trend = await getDistrictTrend(db, id, opts);
      if (!trend) {
        const { normalizeDistrictId } = await import('../../domain/ids.js');
        throw new LctError(
          `No district ${normalizeDistrictId(id)}.`,
          `Search by name: lct sql "SELECT nces_id, name, state FROM districts WHERE name ILIKE '%…%'"`,
        );
      }
      printDistrictTrend(trend, opts);
    });
  });

  seriesOptions(
    trends
      .command('state')
      .description("A state's median and enrollment-weighted LCT per year")
      .argument('<state>', 'two-letter state code, e.g. WI'),
  ).action(async (state: string, opts: SeriesCliOptions, command: Command) => {
    await withDatabase(command, async (db) => {
      const { getStateTrend } = await import('../../queries/get-state-trend.js');
      printAreaTrend(await getStateTrend(db, state, opts), opts);
    });
  });

  seriesOptions(
    trends.command('nation').description("The nation's median and enrollment-weighted LCT per year"),
  ).action(async (opts: SeriesCliOptions, command: Command) => {
    await withDatabase(command, async (db) => {
      const { getNationalTrend } = await import('../../queries/get-national-trend.js');
      printAreaTrend(await getNationalTrend(db, opts), opts);
    });
  });

  seriesOptions(
    trends
      .command('movers')
      .description('The largest LCT rises and falls between two years (default: the last two calculated)')
      .option('--state <state>', 'only the districts of this state')
      .option('--limit <n>', 'rises and falls listed, each', '20'),
  ).action(async (opts: MoversCliOptions, command: Command) => {
    await withDatabase(command, async (db) => {
      const { getMovers } = await import('../../queries/get-movers.js');
      const limit = Number(opts.limit);
      printMovers(await getMovers(db, { ...opts, limit }), opts);
    });
  });
}
