/**
 * One interface for both engines (embedded PGlite and a PostgreSQL server): parameterised queries,
 * transactions that commit on success and roll back on error, and COPY in and out for bulk data.
 */
export type EngineName = 'pglite' | 'postgres';

export interface QueryResult<R> {
  rows: R[];
  /** Rows returned or affected by the statement. */
  rowCount: number;
  fields: { name: string; dataTypeID: number }[];
}

/** Chunks of COPY text; each chunk must end on a row boundary. */
export type CopySource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface ScriptOptions {
  rowMode?: 'array';
}

export interface QueryOptions {
  /**
   * A name for the statement: on a server, each connection prepares it once and reuses its plan (a hot
   * query then skips parsing and planning). The same name must always go with the same SQL. Ignored by
   * the embedded engine.
   */
  name?: string;
  /** Rows as arrays of values in column order (keeps columns that share a name) instead of objects. */
  rowMode?: 'array';
  /**
   * Refuse a text holding more than one statement (PostgreSQL's extended protocol): text from someone
   * else can then never end the transaction it runs in. The embedded engine's queries always are so.
   */
  oneStatement?: boolean;
  /**
   * Cancel the statement when it runs longer than this, with PostgreSQL's own error (SQLSTATE 57014,
   * "canceling statement due to statement timeout"), which aborts the transaction it ran in. A server
   * does it with statement_timeout; the embedded engine only when opened interruptible (openDatabase).
   */
  timeoutMs?: number;
}

/** SQLSTATE of a statement cancelled (statement_timeout, a cancel request). */
export const QUERY_CANCELED = '57014';

export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /**
   * Runs a script of one or more statements (no parameters) and returns each statement's result; rows
   * are objects, or arrays with `rowMode: 'array'` (which keeps columns that share a name).
   */
  execScript(sql: string, options?: ScriptOptions): Promise<QueryResult<unknown>[]>;
  /** `COPY … FROM STDIN …`, fed from `data`. Returns the number of rows copied. */
  copyFrom(copySql: string, data: CopySource): Promise<number>;
  /** `COPY … TO STDOUT …`, streamed out. */
  copyTo(copySql: string): AsyncIterable<Uint8Array>;
}

export interface TransactionOptions {
  /** Recorded as `data_lineage.source` for every change in the transaction (e.g. `import:ccd file.csv`). */
  source?: string;
  /** Re-run the whole transaction this many times when PostgreSQL reports a serialization failure or deadlock. */
  retries?: number;
}

export interface Database extends Queryable {
  readonly engine: EngineName;
  /** Where the data lives: the data folder, `memory`, or the server URL without its password. */
  readonly location: string;
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export const SOURCE_SETTING = 'lct.source';

export function isRetryableError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01';
}
