/** `lct db create`: creates the server database named in DATABASE_URL when it does not exist yet. */
import fs from 'node:fs';
import pg from 'pg';
import type { EngineConfig } from '../config.js';
import { explainError } from './errors.js';
import { PgliteDatabase } from './pglite-engine.js';
import { redactUrl } from './postgres-engine.js';

export interface CreateResult {
  created: boolean;
  name: string;
}

export async function createDatabase(config: EngineConfig): Promise<CreateResult> {
  if (config.engine === 'pglite') {
    if (config.dataDir === null) return { created: true, name: 'memory' };
    const existed = fs.existsSync(config.dataDir) && fs.readdirSync(config.dataDir).length > 0;
    const db = await PgliteDatabase.open(config.dataDir);
    await db.close();
    return { created: !existed, name: config.dataDir };
  }
  const target = new URL(config.url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  // Connect to the server's maintenance database to create the target.
  const maintenance = new URL(config.url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: maintenance.toString(),
    connectionTimeoutMillis: config.acquireTimeoutMs,
  });
  try {
    await client.connect();
  } catch (error) {
    throw explainError(error, { url: redactUrl(maintenance.toString()) });
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return { created: false, name };
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return { created: true, name };
  } finally {
    await client.end();
  }
}
