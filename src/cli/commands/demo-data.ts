/** `lct demo-data <dir>`: deterministic synthetic data in the real NCES layouts. */
import path from 'node:path';
import type { Command } from 'commander';
import { LctError } from '../../errors.js';

export function registerDemoDataCommand(program: Command): void {
  program
    .command('demo-data')
    .description(
      'Write deterministic synthetic data (NCES CCD 029/052/059 layouts, state requirements, bell schedules, SPED estimates)',
    )
    .argument('<dir>', 'folder to write into')
    .option('--districts <n>', 'number of districts', '17800')
    .option('--seed <n>', 'random seed: the same seed gives the same files', '1')
    .option('--year <year>', 'school year', '2023-24')
    .option(
      '--years <from..to>',
      'several years (e.g. 2016-17..2023-24): zip archives per year, with change between years',
    )
    .action(async (dir: string, opts: { districts: string; seed: string; year: string; years?: string }) => {
      const { writeDemoData, writeDemoYears } = await import('../../demo/demo-data.js');
      const { schoolYearRange } = await import('../../domain/years.js');
      const { terminalProgress } = await import('../progress.js');
      const districts = Number(opts.districts);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new LctError(`--seed ${opts.seed} is not a whole number.`);
      const started = performance.now();
      let years: string[] | null = null;
      if (opts.years) {
        years = schoolYearRange(opts.years);
        if (!years)
          throw new LctError(
            `--years ${opts.years} is not a range of school years.`,
            'Write it like --years 2016-17..2023-24.',
          );
      }
      const result = years
        ? await writeDemoYears(dir, { districts, seed, years, progress: terminalProgress() })
        : writeDemoData(dir, { districts, seed, year: opts.year, progress: terminalProgress() });
      for (const f of result.files)
        console.log(
          `${path.relative(process.cwd(), f.file) || f.file}: ${f.rows.toLocaleString('en-US')} rows, ${(f.bytes / 1e6).toFixed(1)} MB`,
        );
      console.log(
        `${result.districts.toLocaleString('en-US')} synthetic districts written in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      );
      console.log(`Next: lct import all ${dir}`);
    });
}
