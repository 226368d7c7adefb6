/**
 * Turns engine errors into answers to the usual troubles (server down, wrong password, missing database, schema not
 * migrated, duplicate or dangling keys): one clear line and the command to run next. Both engines report PostgreSQL
 * SQLSTATE codes; connection failures come from Node.
 */
import { LctError } from '../errors.js';

interface PgErrorLike {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  address?: string;
  port?: number;
  errors?: PgErrorLike[];
}

/** What to run instead of inserting a row that already exists, per table. */
const UPDATE_INSTEAD: Record<string, string> = {
  districts:
    'import the corrected file again (`lct import csv` or `lct import ccd` update existing districts), or UPDATE districts SET … WHERE nces_id = …',
  bell_schedules: '`lct bell-schedule add` updates the schedule that exists for that district, year and level',
  state_requirements: '`lct import state-requirements <file>` updates existing states',
  grade_level_enrollment: 're-run `lct import ccd` or `lct import csv`: they update existing rows',
  grade_level_staffing: 're-run `lct import ccd` or `lct import csv`: they update existing rows',
};

export function explainError(error: unknown, context: { url?: string } = {}): unknown {
  if (error instanceof LctError) return error;
  const e = (error ?? {}) as PgErrorLike;
  // An AggregateError (IPv4 and IPv6 both refused) carries the details in `errors`.
  const code = e.code ?? e.errors?.[0]?.code;
  const where = context.url ? ` at ${context.url}` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return new LctError(
        `Cannot connect to PostgreSQL${where}: connection refused (is the server running?).`,
        'Start the server (`docker compose up -d`), or unset DATABASE_URL to use the embedded database.',
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LctError(
        `Cannot connect to PostgreSQL${where}: host not found.`,
        'Check the host name in DATABASE_URL, or unset it to use the embedded database.',
        { cause: error },
      );
    case '28P01':
    case '28000':
      return new LctError(
        `PostgreSQL refused the login${where}: ${e.message}.`,
        'Check the user and password in DATABASE_URL.',
        { cause: error },
      );
    case '3D000': {
      const name = /database "([^"]+)"/.exec(e.message ?? '')?.[1] ?? 'the database';
      return new LctError(`Database "${name}" does not exist${where}.`, 'Create it: lct db create', { cause: error });
    }
    case '42P01': {
      const name = /relation "([^"]+)"/.exec(e.message ?? '')?.[1] ?? 'a table';
      return new LctError(
        `Table "${name}" does not exist: the database schema is not migrated.`,
        'Run: lct db migrate',
        { cause: error },
      );
    }
    case '42883':
      if (/refresh_all_materialized_views|lineage|grade_band/.test(e.message ?? '')) {
        return new LctError(`${e.message}: the database schema is not migrated.`, 'Run: lct db migrate', {
          cause: error,
        });
      }
      return error;
    case '23505': {
      const key = /Key (.*) already exists/.exec(e.detail ?? '')?.[1] ?? e.detail ?? '';
      const table = e.table ?? '';
      const instead = UPDATE_INSTEAD[table] ?? 'update the existing row instead of inserting it again';
      return new LctError(
        `Duplicate key: ${key} already exists in ${table || 'the table'} (constraint ${e.constraint}).`,
        `To change the existing row, ${instead}.`,
        { cause: error },
      );
    }
    case '23503': {
      const detail = e.detail ?? e.message ?? '';
      const missingDistrict = /Key \((?:nces_id|district_id)\)=\(([^)]*)\) is not present in table "districts"/.exec(
        detail,
      );
      if (missingDistrict) {
        return new LctError(
          `District ${missingDistrict[1]} is not in the districts table (${e.table}).`,
          'Import the districts first: lct import ccd <dir> or lct import csv districts.csv',
          { cause: error },
        );
      }
      return new LctError(`Foreign key violation on ${e.table}: ${detail}`, undefined, { cause: error });
    }
    case '23514':
      return new LctError(
        `Check constraint ${e.constraint} on ${e.table} rejected the row${e.detail ? `: ${e.detail}` : ''}.`,
        undefined,
        { cause: error },
      );
    case '23502':
      return new LctError(`${e.message} (${e.table}).`, undefined, { cause: error });
    case '57014':
      return new LctError(
        `The statement was cancelled: ${e.message}.`,
        'Raise LCT_STATEMENT_TIMEOUT_MS or narrow the query.',
        { cause: error },
      );
    default:
      return error;
  }
}
