/**
 * `lct mcp`: the LCT database as a Model Context Protocol server over stdio (the official SDK), for AI
 * assistants. Stdout carries protocol messages only; everything else goes to stderr. The tools are in
 * tools/, the resources in resources.ts.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Database } from '../db/database.js';
import { LCT_VERSION } from '../paths.js';
import { DEFAULT_QUERY_ROW_LIMIT, DEFAULT_QUERY_TIMEOUT_MS } from '../queries/run-read-only-query.js';
import { registerTool, type ToolContext } from './tool.js';
import { TOOLS } from './tools/index.js';
import { registerResources } from './resources.js';

export interface LctMcpOptions {
  /** Allow the tools that change data (add_bell_schedule, claim_district, release_claim). */
  allowWrites?: boolean;
  /** The query tool stops a statement after this long (default 5 s). */
  queryTimeoutMs?: number;
  /** The query tool returns at most this many rows (default 1,000). */
  rowLimit?: number;
  /** Where log lines go (default: stderr). */
  log?: (line: string) => void;
}

const INSTRUCTIONS = `This server answers from the Learning Connection Time (LCT) database: for every U.S. school district (NCES Common Core of Data), LCT = daily instructional minutes × staff FTE / K-12 enrollment, the minutes of individual attention a student could get per day, in several staff scopes (teachers_only up to all staff).
Start with database_status to see which school years were calculated and which have bell schedules. Find a district's NCES id with search_districts, then lookup_district or get_district_profile. query_lct_summary and state_summary give statistics; the query_* campaign tools follow the bell-schedule collection, and extract_bell_schedule reads a school's schedule from its page. The query tool runs read-only SQL when nothing else answers; the lct://schema resource describes the tables. Years are written 2023-24; states as two-letter codes.`;

export function createLctMcpServer(db: Database, options: LctMcpOptions = {}): McpServer {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = new McpServer(
    { name: 'lct', title: 'Learning Connection Time database', version: LCT_VERSION },
    { instructions: INSTRUCTIONS },
  );
  const context: ToolContext = {
    db,
    allowWrites: options.allowWrites ?? false,
    clientName: () => server.server.getClientVersion()?.name?.trim().slice(0, 80) || 'unknown',
    query: {
      timeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      rowLimit: options.rowLimit ?? DEFAULT_QUERY_ROW_LIMIT,
    },
  };
  for (const tool of TOOLS) registerTool(server, tool, context, log);
  registerResources(server);
  return server;
}

/**
 * Serves on stdin/stdout until the client goes away (stdin ends) or a signal asks to stop; resolves then.
 * Anything printed through console meanwhile goes to stderr, never into the protocol.
 */
export async function serveStdio(db: Database, options: LctMcpOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  console.log = console.info = console.debug = console.error;
  const server = createLctMcpServer(db, { ...options, log });
  const transport = new StdioServerTransport();
  server.server.onerror = (error) => log(`lct mcp: ${error.message}`);
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => stop();
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  process.stdout.once('error', stop); // the client closed its end
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  server.server.onclose = stop;
  await server.connect(transport);
  log(
    `lct mcp: serving ${db.engine === 'pglite' ? 'the embedded database' : 'PostgreSQL'} at ${db.location} over stdio; ${TOOLS.length} tools, writes ${options.allowWrites ? 'allowed' : 'refused (start with --allow-writes to allow them)'}.`,
  );
  try {
    await stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await server.close().catch(() => undefined);
  }
}
