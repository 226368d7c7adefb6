/**
 * Creating a new PGlite cluster runs initdb in WebAssembly (about 6 s here); loading a tarball of a
 * freshly initialised one takes about 1 s. The first new database stores that tarball in a cache
 * folder, and every later new database (data folder or --memory) starts from it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cacheRoot } from '../config.js';

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `<cache root>/pglite`, or a folder under the system's temporary folder when that cannot be written. */
function cacheDir(): string {
  const preferred = path.join(cacheRoot(), 'pglite');
  try {
    fs.mkdirSync(preferred, { recursive: true });
    fs.accessSync(preferred, fs.constants.W_OK);
    return preferred;
  } catch {
    return path.join(os.tmpdir(), 'lct-cache', 'pglite');
  }
}

export function templatePath(): string {
  return path.join(cacheDir(), `pglite-${pgliteVersion()}-initdb.tar`);
}

export function readTemplate(): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(templatePath())]);
  } catch {
    return undefined;
  }
}

export async function saveTemplate(dump: Blob): Promise<void> {
  const file = templatePath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a concurrent reader never sees half a tarball.
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
}
