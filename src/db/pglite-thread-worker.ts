/**
 * The embedded engine's own thread (started by pglite-thread.ts): PGlite opens the data folder here and
 * answers the main thread's requests, so the main thread stays free to stop a statement that runs too
 * long by terminating this thread. The main thread holds the folder's lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { QueryOptions, Queryable, ScriptOptions } from './database.js';
import { PgliteDatabase } from './pglite-engine.js';

export type ThreadRequest = { id: number; tx?: number } & (
  | { op: 'query'; sql: string; params: unknown[]; options: Omit<QueryOptions, 'timeoutMs'> }
  | { op: 'execScript'; sql: string; options?: ScriptOptions }
  | { op: 'copyFrom'; sql: string; chunks: (string | Uint8Array)[] }
  | { op: 'copyTo'; sql: string }
  | { op: 'begin'; source?: string }
  | { op: 'commit' }
  | { op: 'rollback' }
  | { op: 'close' }
);

/** An error as it crosses threads: its message and PostgreSQL's fields (code, detail, hint, position…). */
export type ThreadError = { message: string } & Record<string, string | number | undefined>;

export type ThreadResponse = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: ThreadError });

export interface ThreadData {
  dataDir: string;
}

export function serializeError(error: unknown): ThreadError {
  const fields: ThreadError = { message: (error as Error)?.message ?? String(error) };
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error))
      if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return fields;
}

interface OpenTransaction {
  tx: Queryable;
  finish(commit: boolean): void;
  done: Promise<void>;
}

const ROLLBACK = Symbol('rollback');

async function serve(): Promise<void> {
  const port = parentPort!;
  const { dataDir } = workerData as ThreadData;
  const db = await PgliteDatabase.open(dataDir, { lockHeld: true });
  const transactions = new Map<number, OpenTransaction>();

  /** Opens a transaction that stays open until its commit or rollback request. */
  async function begin(id: number, source: string | undefined): Promise<void> {
    let finish!: (commit: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (finish = resolve));
    let started!: (tx: Queryable) => void;
    const opened = new Promise<Queryable>((resolve) => (started = resolve));
    const done = db
      .transaction(
        async (tx) => {
          started(tx);
          if (!(await decided)) throw ROLLBACK;
        },
        { source },
      )
      .catch((error: unknown) => {
        if (error !== ROLLBACK) throw error;
      });
    const tx = await Promise.race([
      opened,
      done.then(() => {
        throw new Error('The transaction ended before it began.');
      }),
    ]);
    transactions.set(id, { tx, finish, done });
  }

  async function end(tx: number | undefined, commit: boolean): Promise<void> {
    const open = tx === undefined ? undefined : transactions.get(tx);
    if (!open) {
      // It was lost with a thread stopped by a timeout, which rolled it back.
      if (commit) throw new Error('The transaction was cancelled and rolled back: nothing of it was committed.');
      return;
    }
    transactions.delete(tx!);
    open.finish(commit);
    await open.done;
  }

  async function handle(request: ThreadRequest): Promise<unknown> {
    const target = (): Queryable =>
      request.tx === undefined ? db : (transactions.get(request.tx)?.tx ?? missing(request.tx));
    switch (request.op) {
      case 'query':
        return target().query(request.sql, request.params, request.options);
      case 'execScript':
        return target().execScript(request.sql, request.options);
      case 'copyFrom':
        return target().copyFrom(request.sql, request.chunks);
      case 'copyTo': {
        const chunks: Uint8Array[] = [];
        for await (const chunk of target().copyTo(request.sql)) chunks.push(chunk);
        return chunks;
      }
      case 'begin':
        await begin(request.id, request.source);
        return request.id;
      case 'commit':
        return end(request.tx, true);
      case 'rollback':
        return end(request.tx, false);
      case 'close':
        for (const open of transactions.values()) open.finish(false);
        await db.close();
        return null;
    }
  }

  port.on('message', (request: ThreadRequest) => {
    handle(request).then(
      (value) => {
        port.postMessage({ id: request.id, ok: true, value } satisfies ThreadResponse);
        if (request.op === 'close') port.close();
      },
      (error: unknown) =>
        port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies ThreadResponse),
    );
  });
  port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies ThreadResponse);
}

function missing(tx: number): never {
  throw new Error(`Transaction ${tx} is not open (it was cancelled).`);
}

serve().catch((error: unknown) => {
  parentPort!.postMessage({ id: 0, ok: false, error: serializeError(error) } satisfies ThreadResponse);
});
