/**
 * `lct serve` in a child process (the built CLI), for the API benchmark and the API load test: started on
 * a free port, its URL read from its first line, its memory read from /proc, stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

export const CLI_PATH = path.join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
export const LOAD_CLIENT = path.join(PACKAGE_ROOT, 'dist', 'bench', 'api-client.js');
export const PG_LOOP = path.join(PACKAGE_ROOT, 'dist', 'bench', 'pg-loop.js');

export interface ServeProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then the exit code (graceful shutdown ends with 0). */
  stop(): Promise<number | null>;
}

/** `lct [globalArgs] serve --port 0 [serveArgs]` with `env` added to this process's environment. */
export function startServeProcess(
  env: NodeJS.ProcessEnv,
  options: { globalArgs?: string[]; serveArgs?: string[] } = {},
): Promise<ServeProcess> {
  const args = [CLI_PATH, ...(options.globalArgs ?? []), 'serve', '--port', '0', ...(options.serveArgs ?? [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lct serve did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      const match = /lct serve: (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({
        url: match[1]!,
        pid: child.pid!,
        child,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lct serve exited with ${code}:\n${output}`));
    });
  });
}

/** Resident memory of a process in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Runs the load generator (bench/api-client.ts) in its own process and returns its result. */
export function runLoadProcess<R = import('./api-client.js').LoadResult>(
  plan: import('./api-client.js').LoadPlan,
  dir: string,
): Promise<R> {
  return runPlanProcess<R>(LOAD_CLIENT, plan, dir);
}

/** Runs the bare `pg` baseline (bench/pg-loop.ts) in its own process and returns its result. */
export function runPgLoopProcess(
  plan: import('./pg-loop.js').PgLoopPlan,
  dir: string,
): Promise<import('./pg-loop.js').PgLoopResult> {
  return runPlanProcess(PG_LOOP, plan, dir);
}

/** `node <script> plan.json` in its own process; its last line of output is the JSON result. */
async function runPlanProcess<R>(script: string, plan: unknown, dir: string): Promise<R> {
  const file = path.join(dir, `plan-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  try {
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`${path.basename(script)} exited with ${code}: ${stderr}`);
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as R;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
