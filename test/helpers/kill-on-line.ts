/**
 * Crash tests: runs `lct` and kills it with SIGKILL as soon as it announces a given point of its work on
 * stderr (a stage or a progress line), so that a faster or slower machine kills it at the same point.
 */
import { spawn } from 'node:child_process';
import { CLI } from './cli.js';

export interface KillResult {
  /** False when the process ended on its own before announcing the point. */
  killed: boolean;
  code: number | null;
  /** The line it was killed on. */
  line: string | null;
}

export function killOnLine(
  args: string[],
  env: Record<string, string | undefined>,
  point: (line: string) => boolean,
): Promise<KillResult> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let pending = '';
    let line: string | null = null;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (line !== null) return;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      const hit = lines.find(point);
      if (hit !== undefined) {
        line = hit;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ killed: signal === 'SIGKILL', code, line }));
  });
}

/** The percentage a progress line shows for `label` ("label: 1,000 / 4,000 rows (25%), …"), or null. */
export function percentOf(line: string, label: string): number | null {
  if (!line.startsWith(label)) return null;
  const match = / \((\d+)%\)/.exec(line);
  return match ? Number(match[1]) : null;
}
