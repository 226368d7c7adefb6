/**
 * How a tool of `lct mcp` is declared and served. A tool is one object: name, description, input and
 * output schemas (zod), what it runs, and how its answer reads as text. Registering it gives the
 * assistant the JSON Schemas, validates the arguments, and answers with structured content (the output
 * schema's JSON) plus a short text rendering. Any failure is a tool error (isError) whose text says what
 * to change; the server itself never fails on a call.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { explainError } from '../db/errors.js';
import { LctError } from '../errors.js';

/** What every tool may use. */
export interface ToolContext {
  db: Database;
  /** Started with --allow-writes. */
  allowWrites: boolean;
  /** The client's name from its initialize request (e.g. claude-ai), or "unknown". */
  clientName(): string;
  /** The read-only `query` tool's limits. */
  query: { timeoutMs: number; rowLimit: number };
}

type AnyObject = z.ZodObject;

export interface Tool<I extends AnyObject = AnyObject, O extends AnyObject = AnyObject> {
  name: string;
  title: string;
  /** What it answers and when to use it, for the assistant choosing a tool. */
  description: string;
  input: I;
  output: O;
  /** Changes data: refused unless the server was started with --allow-writes. */
  writes?: boolean;
  /** Reaches beyond the database (fetches a web page). */
  openWorld?: boolean;
  run(args: z.output<I>, ctx: ToolContext): Promise<z.output<O>>;
  /** The answer as a few readable lines (tables for lists). */
  text(result: z.output<O>, args: z.output<I>): string;
}

/** Declares a tool, its types checked against its schemas. */
export function defineTool<I extends AnyObject, O extends AnyObject>(tool: Tool<I, O>): Tool {
  return tool as unknown as Tool;
}

/**
 * The JSON form of a value: Dates as ISO 8601 text, bytes as PostgreSQL's hex text, big integers as
 * numbers (text beyond 2^53), values with their own text form (a server's intervals) as that text.
 */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    if (typeof (value as { toPostgres?: unknown }).toPostgres === 'function')
      return (value as { toPostgres(): string }).toPostgres();
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJson(v)]),
    );
  }
  return value;
}

/**
 * The schema of what travels: the output schema as JSON sees it (a timestamp is ISO 8601 text where the
 * library's rows hold a Date). The SDK validates the structured content against it and lists it as the
 * tool's outputSchema, which clients check answers against.
 */
export function wireSchema(schema: AnyObject): AnyObject {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return z.fromJSONSchema(withoutDateTimePatterns(json) as Parameters<typeof z.fromJSONSchema>[0]) as AnyObject;
}

/** A date-time's format says it all; its pattern as well would come back from zod twice, in an allOf. */
function withoutDateTimePatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDateTimePatterns);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutDateTimePatterns(v)]));
  if (copy.format === 'date-time') delete copy.pattern;
  return copy;
}

/** An error as the tool's answer: what went wrong and what to do next. */
export function toolError(error: unknown, log: (line: string) => void = () => undefined): CallToolResult {
  const explained = explainError(error);
  let text: string;
  if (explained instanceof LctError) {
    text = explained.hint ? `${explained.message}\nNext: ${explained.hint}` : explained.message;
  } else {
    const e = explained as { message?: string; code?: string; stack?: string };
    text = `${typeof e?.code === 'string' ? `Database error ${e.code}: ` : 'Unexpected error: '}${e?.message ?? String(explained)}`;
    log(`lct mcp: ${e?.stack ?? text}`);
  }
  return { isError: true, content: [{ type: 'text', text }] };
}

export const WRITES_DISABLED_HINT =
  'Restart the server with writes allowed: lct mcp --allow-writes (in the MCP client configuration: "args": ["lct", "mcp", "--allow-writes"]).';

export function registerTool(server: McpServer, tool: Tool, ctx: ToolContext, log: (line: string) => void): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.writes ? `${tool.description} Needs a server started with --allow-writes.` : tool.description,
      inputSchema: tool.input,
      outputSchema: wireSchema(tool.output),
      annotations: {
        title: tool.title,
        readOnlyHint: !tool.writes,
        destructiveHint: false,
        openWorldHint: tool.openWorld ?? false,
      },
    },
    async (args: unknown): Promise<CallToolResult> => {
      if (tool.writes && !ctx.allowWrites)
        return toolError(
          new LctError(`${tool.name} changes the database, and this server is read-only.`, WRITES_DISABLED_HINT),
        );
      try {
        const result = await tool.run(args as z.output<AnyObject>, ctx);
        return {
          structuredContent: toJson(result) as Record<string, unknown>,
          content: [{ type: 'text', text: tool.text(result, args as z.output<AnyObject>) }],
        };
      } catch (error) {
        return toolError(error, log);
      }
    },
  );
}
