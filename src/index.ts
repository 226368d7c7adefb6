/** The lct library: the same operations the CLI uses, typed. */
export type { Database, Queryable, QueryResult, EngineName, TransactionOptions, CopySource } from './db/database.js';
export { openDatabase } from './db/open.js';
export { resolveEngineConfig, type EngineConfig } from './config.js';
export { migrate, migrationStatus, resetDatabase, assertMigrated } from './db/migrate.js';
export { refreshMaterializedViews } from './db/refresh-views.js';
export { LctError, InputError } from './errors.js';
export * from './domain/index.js';
