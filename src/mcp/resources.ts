/**
 * What an assistant can read besides the tools: the schema (every table and view, its columns, types and
 * meanings, from src/db/schema.ts), the methodology (docs/calculation.md), and the scope definitions
 * (src/domain/scopes.ts). Each is Markdown, made from the one place that defines it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { listSchema } from '../db/schema.js';
import { HIERARCHY_CHECKS, SPED_LCT_CAP, SPED_SCOPES, STAFF_SCOPES } from '../domain/scopes.js';
import { PACKAGE_ROOT } from '../paths.js';

export interface Resource {
  uri: string;
  name: string;
  title: string;
  description: string;
  read(): string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function schemaMarkdown(): string {
  const lines = [
    '# The LCT database schema',
    '',
    'Every table and view of the PostgreSQL database lct maintains, with its columns (type, whether NULL is allowed) and what each holds. Current LCT values are in the view `lct_current`; `lct_calculations` keeps every run’s rows.',
  ];
  for (const relation of listSchema()) {
    lines.push('', `## ${relation.name} (${relation.kind})`, '', relation.description, '');
    lines.push('| column | type | null | meaning |', '|---|---|---|---|');
    for (const c of relation.columns)
      lines.push(`| ${c.name} | ${c.type} | ${c.nullable ? 'yes' : 'no'} | ${cell(c.description)} |`);
  }
  return lines.join('\n') + '\n';
}

export function scopesMarkdown(): string {
  return [
    '# LCT scopes',
    '',
    'LCT = daily instructional minutes × staff FTE / enrollment, in minutes per student per day. A scope says which staff count (the numerator) over which students (the denominator). Pre-K teachers are never counted.',
    '',
    '| scope | staff over students | staff categories | enrollment | minutes |',
    '|---|---|---|---|---|',
    ...STAFF_SCOPES.map(
      (s) =>
        `| ${s.scope} | ${cell(s.description)} | ${s.staff_categories.join(', ')} | ${s.enrollment_type} (${s.enrollment_grades.join(', ')}) | ${s.minutes_level} |`,
    ),
    '',
    `Special-education scopes, calculated only where SPED estimates were imported, capped at ${SPED_LCT_CAP} minutes:`,
    '',
    '| scope | staff over students | staff (sped_estimates) | enrollment (sped_estimates) | minutes |',
    '|---|---|---|---|---|',
    ...SPED_SCOPES.map(
      (s) =>
        `| ${s.scope} | ${cell(s.description)} | ${s.staff_column} | ${s.enrollment_column} | ${s.minutes_level} |`,
    ),
    '',
    'The K-12 scopes nest: each counts the staff of the one before and more. The QA checks that the means of valid values keep this order (each must hold strictly):',
    '',
    ...HIERARCHY_CHECKS.map(([lower, higher]) => `- ${lower} < ${higher}`),
    '',
  ].join('\n');
}

export const RESOURCES: readonly Resource[] = [
  {
    uri: 'lct://schema',
    name: 'schema',
    title: 'Database schema',
    description: 'Every table and view with its columns, types and a one-line meaning: what the query tool can read.',
    read: schemaMarkdown,
  },
  {
    uri: 'lct://methodology',
    name: 'methodology',
    title: 'How LCT is calculated',
    description:
      'The calculation rules (grades, staff, scopes, minutes, rounding, validity, QA flags), runs and outputs: docs/calculation.md.',
    read: () => fs.readFileSync(path.join(PACKAGE_ROOT, 'docs', 'calculation.md'), 'utf8'),
  },
  {
    uri: 'lct://scopes',
    name: 'scopes',
    title: 'LCT scopes',
    description: 'What each scope counts: its staff categories, its students, its minutes, and the hierarchy checks.',
    read: scopesMarkdown,
  },
];

export function registerResources(server: McpServer): void {
  for (const resource of RESOURCES) {
    server.registerResource(
      resource.name,
      resource.uri,
      { title: resource.title, description: resource.description, mimeType: 'text/markdown' },
      async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: resource.read() }] }),
    );
  }
}
