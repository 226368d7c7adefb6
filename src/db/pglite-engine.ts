/**
 * The embedded engine: PGlite (PostgreSQL compiled to WebAssembly) in a local data folder or in memory.
 * One process at a time may open a folder; `DataDirLock` guards it.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import {
  type CopySource,
  type Database,
  type QueryOptions,
  type QueryResult,
  type Queryable,
  type ScriptOptions,
  type TransactionOptions,
  SOURCE_SETTING,
} from './database.js';
import { DataDirLock } from './lock.js';
import { LctError } from '../errors.js';
import { readTemplate, saveTemplate } from './pglite-template.js';
import fs from 'node:fs';

/** COPY data is handed to PGlite as an in-memory blob; larger inputs go in several COPY statements. */
const COPY_BATCH_BYTES = 32 * 1024 * 1024;

const parsers = { 1700: (value: string) => Number(value) };

type PgliteRunner = Pick<PGlite | Transaction, 'query' | 'exec'>;

function toResult<R>(result: {
  rows: unknown[];
  affectedRows?: number;
  rowCount?: number;
  fields: QueryResult<R>['fields'];
}): QueryResult<R> {
  return {
    rows: result.rows as R[],
    rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
    fields: result.fields,
  };
}

const STDIN = /\bFROM\s+STDIN\b/i;
const STDOUT = /\bTO\s+STDOUT\b/i;

function queryable(runner: PgliteRunner): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) {
      if (options.timeoutMs) {
        // PGlite runs in this thread: nothing can interrupt a statement until it returns.
        throw new LctError(
          'The embedded engine cannot cancel a statement in this thread.',
          'Open it with openDatabase(config, { interruptible: true }) to run statements with a timeout.',
        );
      }
      return toResult<R>(
        await runner.query(sql, params as unknown[], options.rowMode ? { rowMode: options.rowMode } : undefined),
      );
    },
    async execScript(sql: string, options?: ScriptOptions) {
      return (await runner.exec(sql, options?.rowMode ? { rowMode: 'array' } : undefined)).map((r) =>
        toResult<unknown>(r),
      );
    },
    async copyFrom(copySql: string, data: CopySource) {
      if (!STDIN.test(copySql)) throw new Error(`copyFrom needs COPY … FROM STDIN, got: ${copySql}`);
      const sql = copySql.replace(STDIN, "FROM '/dev/blob'");
      let rows = 0;
      let batch: (string | Uint8Array)[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        const result = await runner.query(sql, [], { blob: new Blob(batch as BlobPart[]) });
        rows += result.affectedRows ?? 0;
        batch = [];
        size = 0;
      };
      for await (const chunk of data) {
        batch.push(chunk);
        size += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
        if (size >= COPY_BATCH_BYTES) await flush();
      }
      await flush();
      return rows;
    },
    async *copyTo(copySql: string) {
      if (!STDOUT.test(copySql)) throw new Error(`copyTo needs COPY … TO STDOUT, got: ${copySql}`);
      const result = await runner.query(copySql.replace(STDOUT, "TO '/dev/blob'"));
      if (!result.blob) return;
      const reader = result.blob.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield value;
      }
    },
  };
}

export class PgliteDatabase implements Database {
  readonly engine = 'pglite' as const;
  private readonly root: Queryable;

  private constructor(
    readonly pg: PGlite,
    readonly location: string,
    private readonly lock: DataDirLock | null,
  ) {
    this.root = queryable(pg);
  }

  /**
   * Opens (and on first use initialises) the data folder, or an in-memory database when `dataDir` is null.
   * `lockHeld`: the folder's lock is already held by this process (its engine thread opens it here).
   */
  static async open(
    dataDir: string | null,
    options: { loadDataDir?: Blob; lockHeld?: boolean } = {},
  ): Promise<PgliteDatabase> {
    const lock = dataDir && !options.lockHeld ? DataDirLock.acquire(dataDir) : null;
    try {
      const isNew = dataDir === null || !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
      const template = isNew ? (options.loadDataDir ?? readTemplate()) : undefined;
      const pg = await PGlite.create({ dataDir: dataDir ?? undefined, parsers, loadDataDir: template });
      if (isNew && !template) await saveTemplate(await pg.dumpDataDir('none'));
      return new PgliteDatabase(pg, dataDir ?? 'memory', lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
    return this.root.query<R>(sql, params, options);
  }
  execScript(sql: string, options?: ScriptOptions) {
    return this.root.execScript(sql, options);
  }
  copyFrom(copySql: string, data: CopySource) {
    return this.root.copyFrom(copySql, data);
  }
  copyTo(copySql: string) {
    return this.root.copyTo(copySql);
  }

  // PGlite runs one statement at a time, so there are no serialization failures to retry.
  async transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.pg.transaction(async (tx) => {
      if (options.source) await tx.query('SELECT set_config($1, $2, true)', [SOURCE_SETTING, options.source]);
      return fn(queryable(tx));
    });
  }

  async close() {
    try {
      if (!this.pg.closed) await this.pg.close();
    } finally {
      this.lock?.release();
    }
  }
}
