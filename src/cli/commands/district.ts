/** `lct district <id>`: one district, its bell schedules and its current LCT (getDistrictById). */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { LctError } from '../../errors.js';

export function registerDistrictCommand(program: Command): void {
  program
    .command('district')
    .description('One district by NCES id (6 or 7 digits): details, bell schedules, current LCT')
    .argument('<id>', 'NCES district id, e.g. 5560580 or 100005')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      await withDatabase(command, async (db) => {
        const { getDistrictDetails } = await import('../../queries/get-district-details.js');
        const details = await getDistrictDetails(db, id);
        if (!details) {
          const { normalizeDistrictId } = await import('../../domain/ids.js');
          throw new LctError(
            `No district ${normalizeDistrictId(id)}.`,
            `Search by name: lct sql "SELECT nces_id, name, state FROM districts WHERE name ILIKE '%…%'"`,
          );
        }
        if (opts.json) return console.log(formatJson(details));
        const d = details.district;
        console.log(`${d.name} (${d.state}), NCES ${d.nces_id}`);
        console.log(
          `enrollment: ${d.enrollment?.toLocaleString('en-US') ?? 'unknown'}, schools: ${d.schools ?? 'unknown'}${d.locale_code ? `, locale ${d.locale_code}` : ''}`,
        );
        console.log('\nBell schedules:');
        console.log(details.bell_schedules.length ? formatTable(details.bell_schedules) : '(none)');
        console.log('\nCurrent LCT:');
        console.log(
          details.lct.length
            ? formatTable(details.lct.map((l) => ({ ...l, qa_flags: l.qa_flags.join('; ') })))
            : '(not calculated)',
        );
      });
    });
}
