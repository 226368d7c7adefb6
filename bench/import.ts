/**
 * Import benchmarks, each against a baseline in the same run:
 * - a national year as table CSVs vs `psql \copy` of the same files into the same tables (server) and
 *   vs PGlite's own COPY of them (embedded);
 * - a full-size CCD membership file (052) vs `psql \copy` of the raw file into an unlogged staging
 *   table, with the importer's peak RSS.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escapeIdentifier } from 'pg';
import { type BenchResult, CLI, REAL_DATA, embeddedDatabase, median, serverDatabase, time } from './lib.js';
import { importPaths } from '../src/import/run-import.js';
import { writeDemoData, demoFileNames } from '../src/demo/demo-data.js';
import { csvField } from '../src/db/csv.js';
import { GRADE_CODES } from '../src/domain/grades.js';
import { STAFF_CATEGORIES } from '../src/domain/staff.js';
import yazl from 'yazl';
import { downloadFile } from '../src/fetch/download.js';
import { verifyArchive } from '../src/import/zip.js';

const TABLES = ['districts', 'grade_level_enrollment', 'grade_level_staffing'];

/** 17,842 real districts, 15 grades and 17 staff categories each: 267,630 and 303,314 rows. */
function writeNationalTableCsvs(dir: string): Record<string, number> {
  const lines = fs.readFileSync(path.join(REAL_DATA, 'districts_2023_24_nces.csv'), 'utf8').trim().split('\n').slice(1);
  const grades = GRADE_CODES.filter((g) => g.code !== 'G13' && g.code !== 'AE').map((g) => g.code);
  const categories = STAFF_CATEGORIES.filter((c) => c.category !== 'teachers_total').map((c) => c.category);
  const districts = ['nces_id,name,state,enrollment'];
  const enrollment = ['nces_id,year,grade,enrollment'];
  const staffing = ['nces_id,year,category,fte_count'];
  for (const line of lines) {
    const [id, name, state, total, teachers] = line.split(',');
    const nces = id!.padStart(7, '0');
    districts.push(`${nces},${csvField(name!)},${state},${Math.round(Number(total))}`);
    const perGrade = Math.round(Number(total) / grades.length);
    grades.forEach((g, i) => enrollment.push(`${nces},2023-24,${g},${perGrade + (i % 3)}`));
    categories.forEach((c, i) => staffing.push(`${nces},2023-24,${c},${(Number(teachers) / (i + 1)).toFixed(2)}`));
  }
  const counts: Record<string, number> = {};
  for (const [table, rows] of [
    ['districts', districts],
    ['grade_level_enrollment', enrollment],
    ['grade_level_staffing', staffing],
  ] as const) {
    fs.writeFileSync(path.join(dir, `${table}.csv`), rows.join('\n') + '\n');
    counts[table] = rows.length - 1;
  }
  return counts;
}

const headerOf = (dir: string, table: string) =>
  fs.readFileSync(path.join(dir, `${table}.csv`), 'utf8').split('\n', 1)[0]!;

function psql(url: string, command: string): number {
  const start = performance.now();
  const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return (performance.now() - start) / 1000;
}

async function tableCsvServer(dir: string): Promise<BenchResult> {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = await serverDatabase();
    try {
      baseline.push(
        TABLES.reduce(
          (sum, t) =>
            sum +
            psql(
              a.url!,
              `\\copy ${t} (${headerOf(dir, t)}) FROM '${path.join(dir, `${t}.csv`)}' WITH (FORMAT csv, HEADER)`,
            ),
          0,
        ),
      );
    } finally {
      await a.drop();
    }
    const b = await serverDatabase();
    try {
      ours.push((await time(() => importPaths(b.db, [dir]))).seconds);
    } finally {
      await b.drop();
    }
  }
  const ratio = median(ours) / median(baseline);
  return {
    name: 'table CSVs, national year (server)',
    measured: `${median(ours).toFixed(2)} s`,
    baseline: `${median(baseline).toFixed(2)} s psql \\copy`,
    ratio,
    target: '≤ 1.5×',
    pass: ratio <= 1.5,
  };
}

async function tableCsvEmbedded(dir: string): Promise<BenchResult> {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 2; i++) {
    const a = await embeddedDatabase();
    try {
      const { seconds } = await time(async () => {
        for (const t of TABLES) {
          const text = fs.readFileSync(path.join(dir, `${t}.csv`));
          await a.db.transaction((tx) =>
            tx.copyFrom(`COPY ${t} (${headerOf(dir, t)}) FROM STDIN WITH (FORMAT csv, HEADER)`, [text]),
          );
        }
      });
      baseline.push(seconds);
    } finally {
      await a.drop();
    }
    const b = await embeddedDatabase();
    try {
      ours.push((await time(() => importPaths(b.db, [dir]))).seconds);
    } finally {
      await b.drop();
    }
  }
  const ratio = median(ours) / median(baseline);
  return {
    name: 'table CSVs, national year (embedded)',
    measured: `${median(ours).toFixed(2)} s`,
    baseline: `${median(baseline).toFixed(2)} s PGlite COPY`,
    ratio,
    target: '≤ 2×',
    pass: ratio <= 2,
  };
}

async function membershipFile(dir: string): Promise<BenchResult[]> {
  const [directory, membership] = demoFileNames('2023-24').map((f) => path.join(dir, f));
  const size = fs.statSync(membership!).size;
  const rows = Number(spawnSync('wc', ['-l', membership!], { encoding: 'utf8' }).stdout.trim().split(' ')[0]) - 1;
  const server = await serverDatabase();
  try {
    const fd = fs.openSync(membership!, 'r');
    const head = Buffer.alloc(400);
    fs.readSync(fd, head, 0, 400, 0);
    fs.closeSync(fd);
    const header = head.toString('utf8').split('\n')[0]!.split(',');
    await server.db.query(
      `CREATE UNLOGGED TABLE raw_052 (${header.map((h) => `${escapeIdentifier(h.toLowerCase())} text`).join(', ')})`,
    );
    const baseline = psql(server.url!, `\\copy raw_052 FROM '${membership}' WITH (FORMAT csv, HEADER)`);
    await importPaths(server.db, [directory!]);
    const env = { ...process.env, DATABASE_URL: server.url! };
    const start = performance.now();
    const result = spawnSync(
      '/usr/bin/time',
      ['-f', 'maxrss_kb=%M', process.execPath, CLI, 'import', 'ccd', membership!, '--json'],
      { env, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0) throw new Error(`lct import ccd failed: ${result.stderr}`);
    const rss = Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1]) / 1024;
    const ratio = seconds / baseline;
    // The same file in an NCES-style archive, imported as it is into a fresh database.
    const zipPath = membership!.replace(/\.csv$/, '.zip');
    await writeZip(membership!, zipPath);
    const zipped = await serverDatabase();
    let zipSeconds = 0;
    let zipRss = 0;
    try {
      await importPaths(zipped.db, [directory!]);
      const zipStart = performance.now();
      const zipResult = spawnSync(
        '/usr/bin/time',
        ['-f', 'maxrss_kb=%M', process.execPath, CLI, 'import', 'ccd', zipPath, '--json'],
        { env: { ...process.env, DATABASE_URL: zipped.url! }, encoding: 'utf8', maxBuffer: 1 << 26 },
      );
      zipSeconds = (performance.now() - zipStart) / 1000;
      if (zipResult.status !== 0) throw new Error(`lct import ccd (zip) failed: ${zipResult.stderr}`);
      zipRss = Number(/maxrss_kb=(\d+)/.exec(zipResult.stderr)?.[1]) / 1024;
    } finally {
      await zipped.drop();
    }
    const fetched = await fetchFromLocalServer(membership!, zipPath);
    return [
      {
        name: `CCD membership from its zip (${(fs.statSync(zipPath).size / 1e6).toFixed(0)} MB), same file unzipped as baseline (server)`,
        measured: `${zipSeconds.toFixed(2)} s`,
        baseline: `${seconds.toFixed(2)} s the CSV`,
        ratio: zipSeconds / seconds,
        target: '≤ 1.3×',
        pass: zipSeconds / seconds <= 1.3,
      },
      {
        name: 'CCD membership import from the zip, peak RSS',
        measured: `${zipRss.toFixed(0)} MB`,
        target: '≤ 300 MB',
        pass: zipRss <= 300,
      },
      ...fetched,
      {
        name: `CCD membership file, ${(size / 1e6).toFixed(0)} MB, ${(rows / 1e6).toFixed(2)}M rows (server)`,
        measured: `${seconds.toFixed(2)} s`,
        baseline: `${baseline.toFixed(2)} s psql \\copy to unlogged staging`,
        ratio,
        target: '≤ 1.5×',
        pass: ratio <= 1.5,
      },
      {
        name: 'CCD membership import, peak RSS',
        measured: `${rss.toFixed(0)} MB`,
        target: '≤ 300 MB',
        pass: rss <= 300,
      },
    ];
  } finally {
    await server.drop();
  }
}

async function writeZip(file: string, zipPath: string): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addFile(file, path.basename(file));
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(zipPath)).on('close', resolve).on('error', reject),
  );
}

/**
 * lct fetch from a server on this machine: the download (to .partial, then renamed) in MB/s of archive,
 * on the membership file stored uncompressed in a zip (a size where the rate means something); and the
 * check every fetched archive passes (inflate every member, CRC-32), in MB/s of data checked.
 */
async function fetchFromLocalServer(csvPath: string, deflated: string): Promise<BenchResult[]> {
  const stored = csvPath.replace(/\.csv$/, '_stored.zip');
  const zip = new yazl.ZipFile();
  zip.addFile(csvPath, path.basename(csvPath), { compress: false });
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(stored)).on('close', resolve).on('error', reject),
  );
  const size = fs.statSync(stored).size;
  // The server runs in a process of its own, as a real one would: not on the client's event loop.
  const server = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs'); const http = require('http');
       const s = http.createServer((q, r) => { r.writeHead(200, { 'Content-Length': ${size} });
         fs.createReadStream(process.argv[1], { highWaterMark: 1 << 20 }).pipe(r); });
       s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
      stored,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    server.once('exit', () => reject(new Error('the bench file server stopped')));
  });
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-fetch-'));
  try {
    const url = `http://127.0.0.1:${port}/${path.basename(stored)}`;
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) {
      const file = path.join(target, `run${i}.zip`);
      const { seconds } = await time(() => downloadFile(url, file));
      rates.push(size / 1e6 / seconds);
      fs.rmSync(file);
    }
    const rate = median(rates);
    const checked = await time(() => verifyArchive(deflated));
    const checkRate = checked.value.bytes / 1e6 / checked.seconds;
    return [
      {
        name: `lct fetch download from a local server (${(size / 1e6).toFixed(0)} MB archive)`,
        measured: `${rate.toFixed(0)} MB/s`,
        target: '≥ 100 MB/s',
        pass: rate >= 100,
      },
      {
        name: `archive check after download (inflate + CRC-32 of ${(checked.value.bytes / 1e6).toFixed(0)} MB)`,
        measured: `${checkRate.toFixed(0)} MB/s`,
        target: 'reported',
        pass: true,
      },
    ];
  } finally {
    server.kill();
    fs.rmSync(target, { recursive: true, force: true });
    fs.rmSync(stored, { force: true });
  }
}

export async function benchImport(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-import-'));
  try {
    const tables = path.join(dir, 'tables');
    fs.mkdirSync(tables);
    writeNationalTableCsvs(tables);
    const results = [await tableCsvServer(tables), await tableCsvEmbedded(tables)];
    const demo = path.join(dir, 'demo');
    writeDemoData(demo, { districts: 17_800 });
    results.push(...(await membershipFile(demo)));
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
