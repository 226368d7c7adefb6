/**
 * Statements given a timeout (QueryOptions.timeoutMs) are really stopped, on a server (statement_timeout,
 * then the previous setting back) and on the embedded engine opened interruptible (PGlite in a thread of
 * its own, ended and replaced), and what they leave behind is what a rollback leaves. The plain embedded
 * engine says it cannot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createServerDatabase } from './helpers/databases.js';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/open.js';
import { PgliteDatabase } from '../src/db/pglite-engine.js';
import { PostgresDatabase } from '../src/db/postgres-engine.js';
import { LctError } from '../src/errors.js';

const SLEEP = 'SELECT pg_sleep(60)';

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the statement to fail');
}

describe.runIf(ENGINES.includes('pglite'))('the embedded engine in a thread of its own', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-thread-'));
    db = await openDatabase({ dataDir: path.join(dir, 'pgdata') }, { interruptible: true });
    await db.query('CREATE TABLE t (x integer)');
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers queries, scripts, COPY and transactions like the plain engine', async () => {
    await db.query('CREATE TABLE answers (x integer)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO answers VALUES ($1), ($2)', [1, 2]);
      expect(await tx.copyFrom('COPY answers FROM STDIN', ['3\n4\n'])).toBe(2);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO answers VALUES (99)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await db.query('SELECT array_agg(x ORDER BY x) AS xs FROM answers')).rows).toEqual([{ xs: [1, 2, 3, 4] }]);
    expect((await db.query('SELECT 1 AS a, 2 AS a', [], { rowMode: 'array' })).rows).toEqual([[1, 2]]);
    const [script] = await db.execScript('SELECT count(*)::int AS n FROM answers');
    expect(script!.rows).toEqual([{ n: 4 }]);
    let copied = '';
    for await (const chunk of db.copyTo('COPY (SELECT x FROM answers ORDER BY x) TO STDOUT'))
      copied += Buffer.from(chunk);
    expect(copied).toBe('1\n2\n3\n4\n');
    expect(await rejection(db.query('SELECT * FROM missing'))).toMatchObject({ code: '42P01' });
  });

  it('stops a statement at its timeout: the transaction is rolled back, committed data stays, work goes on', async () => {
    // Only this test commits rows to t.
    await db.query('INSERT INTO t VALUES (21), (22)');
    const sleeping = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (5)');
      await tx.query(SLEEP, [], { timeoutMs: 300 });
    });
    // A caller arriving meanwhile waits its turn and is answered once the folder is open again.
    const waiting = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
    const stopped = await rejection(sleeping);
    expect(stopped).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    expect((await waiting).rows).toEqual([{ n: 2 }]);
    expect((await db.query('SELECT array_agg(x ORDER BY x) AS xs FROM t')).rows).toEqual([{ xs: [21, 22] }]);
    // A statement within its timeout is answered as usual.
    expect((await db.query('SELECT 7 AS x', [], { timeoutMs: 60_000 })).rows).toEqual([{ x: 7 }]);
  });

  it('never commits a transaction whose statement was stopped, even when the error was swallowed', async () => {
    const outcome = await rejection(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (6)');
        await tx.query(SLEEP, [], { timeoutMs: 200 }).catch(() => undefined);
      }),
    );
    expect(outcome.message).toMatch(/cancelled and rolled back/);
    expect((await db.query('SELECT count(*)::int AS n FROM t WHERE x = 6')).rows).toEqual([{ n: 0 }]);
  });

  it('holds the folder like the plain engine: a second opener is told who has it', async () => {
    const second = await rejection(PgliteDatabase.open(path.join(dir, 'pgdata')));
    expect(second).toBeInstanceOf(LctError);
    expect(second.message).toMatch(/already open in this process|in use by process/);
  });

  it('refuses an in-memory database, which a stopped thread would lose', async () => {
    expect((await rejection(openDatabase({ memory: true }, { interruptible: true }))).message).toMatch(
      /in-memory embedded database cannot stop/,
    );
  });

  it('the plain embedded engine says it cannot stop a statement', async () => {
    const plain = await PgliteDatabase.open(null);
    try {
      expect(await rejection(plain.query('SELECT 1', [], { timeoutMs: 100 }))).toBeInstanceOf(LctError);
    } finally {
      await plain.close();
    }
  });
});

describe.runIf(ENGINES.includes('postgres'))('statement timeouts on a server', () => {
  let drop: () => Promise<void>;
  let db: PostgresDatabase;
  beforeAll(async () => {
    const server = await createServerDatabase();
    drop = server.drop;
    // One connection, so that what a statement leaves on it is what the next one sees.
    db = new PostgresDatabase({ url: server.url, poolSize: 1, acquireTimeoutMs: 30_000, statementTimeoutMs: 90_000 });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('stops a statement outside a transaction and gives the connection its own timeout back', async () => {
    expect(await rejection(db.query(SLEEP, [], { timeoutMs: 200 }))).toMatchObject({ code: '57014' });
    expect((await db.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '90s' }]);
    expect((await db.query('SELECT 3 AS x', [], { timeoutMs: 10_000 })).rows).toEqual([{ x: 3 }]);
    expect((await db.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '90s' }]);
  });

  it('stops a statement in a transaction, which is rolled back', async () => {
    await db.query('CREATE TABLE t (x integer)');
    const stopped = await rejection(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        expect((await tx.query('SELECT 2 AS x', [], { timeoutMs: 10_000 })).rows).toEqual([{ x: 2 }]);
        expect((await tx.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '90s' }]);
        await tx.query(SLEEP, [], { timeoutMs: 200 });
      }),
    );
    expect(stopped).toMatchObject({ code: '57014' });
    expect((await db.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 0 }]);
    expect((await db.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '90s' }]);
  });

  it('refuses a second statement with oneStatement, and returns arrays with rowMode', async () => {
    expect((await rejection(db.query('SELECT 1; SELECT 2', [], { oneStatement: true }))).message).toMatch(
      /multiple commands/,
    );
    expect((await db.query('SELECT 1 AS a, 2 AS a', [], { rowMode: 'array' })).rows).toEqual([[1, 2]]);
  });
});
