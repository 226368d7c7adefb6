/**
 * The embedded engine run in a thread of its own, so that a statement can be stopped. PGlite executes a
 * statement to its end without ever yielding (statement_timeout is never enforced: its timer cannot fire
 * while the statement holds the thread). Here PGlite answers from a worker thread; a statement given a
 * timeout (QueryOptions.timeoutMs) that runs longer is stopped by terminating that thread, which loses
 * the open transaction exactly as a rollback would, and the folder is opened again in a new thread
 * (about 1-2 s) for what comes next. Committed work is on disk and survives. The caller gets PostgreSQL's
 * own error for it (SQLSTATE 57014).
 *
 * Requests go one at a time (a transaction holds the line until it ends, as PGlite's single connection
 * would anyway), so a stopped statement never takes another caller's work with it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type CopySource,
  type Database,
  type QueryOptions,
  type QueryResult,
  type Queryable,
  type ScriptOptions,
  type TransactionOptions,
  QUERY_CANCELED,
} from './database.js';
import { DataDirLock } from './lock.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { ThreadData, ThreadError, ThreadRequest, ThreadResponse } from './pglite-thread-worker.js';

type Request = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never;

/** The worker's module: the built file beside this one (the tests run this module from its TypeScript source). */
function workerUrl(): URL {
  if (import.meta.url.endsWith('.ts'))
    return pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'src', 'db', 'pglite-thread-worker.js'));
  return new URL('./pglite-thread-worker.js', import.meta.url);
}

/** An error from the engine's thread, rebuilt with PostgreSQL's fields so explainError and callers see them. */
function rebuildError(fields: ThreadError): Error {
  const { message, ...rest } = fields;
  return Object.assign(new Error(message), rest);
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class PgliteThreadDatabase implements Database {
  readonly engine = 'pglite' as const;
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The end of the line of requests and transactions waiting their turn. */
  private line: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly location: string,
    private readonly lock: DataDirLock,
  ) {}

  /** Opens (and on first use initialises) the data folder; one process at a time, as the plain engine. */
  static async open(dataDir: string): Promise<PgliteThreadDatabase> {
    const lock = DataDirLock.acquire(dataDir);
    const db = new PgliteThreadDatabase(dataDir, lock);
    try {
      await db.thread();
      return db;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** The running thread, started (again) when there is none. */
  private thread(): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error('The database is closed.'));
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private start(): Promise<Worker> {
    // What the thread prints is a log: to stderr, never into this process's stdout (which may carry a protocol).
    const worker = new Worker(workerUrl(), {
      workerData: { dataDir: this.location } satisfies ThreadData,
      stdout: true,
    });
    worker.stdout.pipe(process.stderr, { end: false });
    return new Promise<Worker>((resolve, reject) => {
      const onStartup = (response: ThreadResponse) => {
        if (response.id !== 0) return;
        worker.off('message', onStartup);
        if (response.ok) {
          this.worker = worker;
          worker.on('message', (r: ThreadResponse) => this.settle(r));
          resolve(worker);
        } else {
          void worker.terminate();
          reject(rebuildError(response.error));
        }
      };
      worker.on('message', onStartup);
      worker.once('error', (error) => {
        if (this.worker === worker) this.lost(worker, error);
        else reject(error);
      });
      worker.once('exit', (code) => {
        if (this.worker === worker)
          this.lost(worker, new Error(`The embedded database thread stopped (exit ${code}).`));
        else reject(new Error(`The embedded database thread stopped while opening ${this.location} (exit ${code}).`));
      });
    });
  }

  private settle(response: ThreadResponse): void {
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if (response.ok) waiting.resolve(response.value);
    else waiting.reject(rebuildError(response.error));
  }

  /** The thread is gone: whatever it was doing fails with `error`; the next request starts a new one. */
  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /** Sends a request to the thread; with a timeout, stops the thread when the answer is late. */
  private async send(request: Request, timeoutMs?: number): Promise<unknown> {
    const worker = await this.thread();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (settle: () => void) => {
        clearTimeout(timer);
        settle();
      };
      this.pending.set(id, {
        resolve: (value) => done(() => resolve(value)),
        reject: (error) => done(() => reject(error)),
      });
      worker.postMessage({ ...request, id } as ThreadRequest);
      if (timeoutMs !== undefined) timer = setTimeout(() => this.cancel(worker, timeoutMs), timeoutMs);
    });
  }

  /** Stops the statement running longer than its timeout: the thread goes, and a new one opens the folder. */
  private cancel(worker: Worker, timeoutMs: number): void {
    const error = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: QUERY_CANCELED,
      severity: 'ERROR',
      detail: `It ran longer than ${timeoutMs} ms and was stopped; its transaction was rolled back.`,
    });
    this.lost(worker, error);
    void worker.terminate();
    // Open the folder again right away, so the next request does not wait for it.
    this.thread().catch(() => undefined);
  }

  /** Runs `fn` when the requests before it are done; the next waits for it. */
  private inLine<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.line.then(fn, fn);
    this.line = result.catch(() => undefined);
    return result;
  }

  private queryable(tx?: number): Queryable {
    // Outside a transaction each request waits its turn; inside, the transaction already has the line.
    const send =
      tx === undefined ? (r: Request, t?: number) => this.inLine(() => this.send(r, t)) : this.send.bind(this);
    return {
      query: async <R>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) => {
        const { timeoutMs, ...rest } = options;
        return (await send({ op: 'query', tx, sql, params: [...params], options: rest }, timeoutMs)) as QueryResult<R>;
      },
      execScript: async (sql: string, options?: ScriptOptions) =>
        (await send({ op: 'execScript', tx, sql, options })) as QueryResult<unknown>[],
      copyFrom: async (sql: string, data: CopySource) => {
        const chunks: (string | Uint8Array)[] = [];
        for await (const chunk of data) chunks.push(chunk);
        return (await send({ op: 'copyFrom', tx, sql, chunks })) as number;
      },
      copyTo: (sql: string) =>
        (async function* () {
          yield* (await send({ op: 'copyTo', tx, sql })) as Uint8Array[];
        })(),
    };
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
    return this.queryable().query<R>(sql, params, options);
  }
  execScript(sql: string, options?: ScriptOptions) {
    return this.queryable().execScript(sql, options);
  }
  copyFrom(copySql: string, data: CopySource) {
    return this.queryable().copyFrom(copySql, data);
  }
  copyTo(copySql: string) {
    return this.queryable().copyTo(copySql);
  }

  // One statement runs at a time, as in the plain engine: there are no serialization failures to retry.
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.inLine(async () => {
      const tx = (await this.send({ op: 'begin', source: options.source })) as number;
      // A stopped thread took the transaction with it: then there is nothing left to roll back.
      const thread = this.worker;
      let result: T;
      try {
        result = await fn(this.queryable(tx));
      } catch (error) {
        if (this.worker === thread) await this.send({ op: 'rollback', tx }).catch(() => undefined);
        throw error;
      }
      if (this.worker !== thread)
        throw new Error('The transaction was cancelled and rolled back: nothing of it was committed.');
      await this.send({ op: 'commit', tx });
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.inLine(async () => {
        if (this.worker) await this.send({ op: 'close' });
      });
    } finally {
      this.closed = true;
      const worker = this.worker;
      this.worker = null;
      await worker?.terminate();
      this.lock.release();
    }
  }
}
