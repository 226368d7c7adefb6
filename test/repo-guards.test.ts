/**
 * Guards on the repository itself: it stands alone (nothing points at a folder beside the checkout), and
 * the README's configuration table lists exactly the environment variables the code in src/ reads.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';

/** Built so that this file does not contain what it looks for. */
const OUTSIDE = ['..', 'shared'].join('/');

const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
const NOT_A_CHECKOUT =
  tracked.status === 0 ? null : `not a git checkout, or git is missing (${tracked.error?.message ?? tracked.stderr})`;
if (NOT_A_CHECKOUT) console.warn(`repo-guards.test.ts: the tracked-files guard is skipped: ${NOT_A_CHECKOUT}`);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/**
 * Every way src/ reads a variable: `process.env.X`, `process.env['X']`, `env.X` and `env['X']` on an
 * environment passed in, and a helper given the environment and the name (`positiveInt(env, 'X', …)`).
 */
const READS = [
  /\bprocess\.env\.([A-Z][A-Z0-9_]*)/g,
  /\benv\??\.([A-Z][A-Z0-9_]*)/g,
  /\benv\??\.?\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
  /\benv\s*,\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
];

export function variablesReadBy(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of READS) for (const match of text.matchAll(pattern)) names.add(match[1]!);
  }
  return names;
}

function readmeConfigurationTable(): Set<string> {
  const readme = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme);
  expect(section, 'README.md has a "## Configuration" section').not.toBeNull();
  return new Set([...section![1]!.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!));
}

describe('the repository', () => {
  it.skipIf(NOT_A_CHECKOUT)(`has no tracked file referring to ${OUTSIDE}`, () => {
    const files = tracked.stdout.split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((file) => {
      const full = path.join(PACKAGE_ROOT, file);
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return false;
      return fs.readFileSync(full).includes(OUTSIDE);
    });
    expect(offenders).toEqual([]);
  });

  it('finds each way of reading a variable (the scan itself)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-guard-'));
    try {
      const file = path.join(dir, 'sample.ts');
      fs.writeFileSync(
        file,
        [
          'const a = process.env.ALPHA;',
          "const b = process.env['BRAVO'];",
          'const c = env.CHARLIE ?? env?.DELTA;',
          'const e = env["ECHO"];',
          "const f = positiveInt(env, 'FOXTROT', 1);",
          'const g = process.env;',
        ].join('\n'),
      );
      expect([...variablesReadBy([file])].sort()).toEqual(['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO', 'FOXTROT']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("README.md's configuration table lists exactly the variables src/ reads", () => {
    const read = variablesReadBy(sourceFiles(path.join(PACKAGE_ROOT, 'src')));
    expect(read.size).toBeGreaterThan(5);
    const listed = readmeConfigurationTable();
    expect({ readButNotListed: [...read].filter((v) => !listed.has(v)).sort() }).toEqual({ readButNotListed: [] });
    expect({ listedButNotRead: [...listed].filter((v) => !read.has(v)).sort() }).toEqual({ listedButNotRead: [] });
  });
});
