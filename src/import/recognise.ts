/**
 * Which importer reads which file, and in what order: what `lct import all <dir>` recognises in a folder.
 * Order follows dependencies: state requirements and districts before anything that references them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../db/database.js';
import { LctError } from '../errors.js';
import { ccdKindOfHeader, ccdKindOfName, yearOfCcdName, type CcdKind } from './ccd/files.js';
import { fileSource, type InputSource } from './input-source.js';
import { isZipName, listArchiveMembers } from './zip.js';
import { isBellScheduleCsvHeader } from './bell-schedules.js';
import { isDistrictListHeader } from './district-list.js';
import { listDataTables } from '../db/table-catalog.js';
import { tableNameOfFile } from './table-csv.js';

export type ImportKind =
  | { kind: 'ccd'; ccd: CcdKind }
  | { kind: 'table-csv'; table: string }
  | { kind: 'bell-schedules' }
  | { kind: 'state-requirements' }
  | { kind: 'district-list' };

export interface RecognisedFile {
  file: string;
  what: ImportKind;
  rank: number;
  /** Where the bytes come from (a zip member for archives); the file itself when absent. */
  source?: InputSource;
  /** CCD files: the school year their name says, when it does. */
  year?: string;
}

function firstLine(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const bytes = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, bytes)
      .toString('latin1')
      .replace(/^\xEF\xBB\xBF/, '');
    return (text.split(/\r?\n/)[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  } finally {
    fs.closeSync(fd);
  }
}

/** Rank of each table for loading: the data-table catalog lists parents before children. */
async function tableRanks(db: Queryable): Promise<Map<string, number>> {
  return new Map((await listDataTables(db)).map((t, i) => [t.name, i]));
}

export async function recogniseFiles(
  db: Queryable,
  paths: string[],
): Promise<{ files: RecognisedFile[]; ignored: string[] }> {
  const ranks = await tableRanks(db);
  const files: RecognisedFile[] = [];
  const ignored: string[] = [];
  for (const file of expandPaths(paths)) {
    const base = path.basename(file);
    const ext = path.extname(file).toLowerCase();
    if (isZipName(file)) {
      // An NCES archive: its data members (.csv, or the tab-separated .txt of 2014-15), nested archives opened.
      const members = await listArchiveMembers(file, (name) => /\.(csv|txt)$/i.test(name));
      const data = members.filter((m) => ccdKindOfName(m.name) ?? (members.length === 1 && ccdKindOfName(file)));
      for (const member of data) {
        const ccd = (ccdKindOfName(member.name) ?? ccdKindOfName(file))!;
        files.push({
          file,
          what: { kind: 'ccd', ccd },
          rank: ccd === 'directory' ? 1 : 20,
          source: member,
          year: yearOfCcdName(member.name) ?? yearOfCcdName(file),
        });
      }
      if (data.length === 0) ignored.push(file);
      continue;
    }
    const table = tableNameOfFile(file);
    let what: ImportKind | undefined;
    if (ext === '.yaml' || ext === '.yml') what = { kind: 'state-requirements' };
    else if (ext === '.json') what = /bell|schedule/i.test(base) ? { kind: 'bell-schedules' } : undefined;
    else if (ext === '.csv' || (ext === '.txt' && ccdKindOfName(file))) {
      const ccd = ccdKindOfName(file);
      if (ccd) what = { kind: 'ccd', ccd };
      else if (ranks.has(table)) what = { kind: 'table-csv', table };
      else {
        const header = firstLine(file);
        const byHeader = ccdKindOfHeader(header);
        if (byHeader) what = { kind: 'ccd', ccd: byHeader };
        else if (isBellScheduleCsvHeader(header)) what = { kind: 'bell-schedules' };
        else if (isDistrictListHeader(header)) what = { kind: 'district-list' };
      }
    }
    if (!what) {
      ignored.push(file);
      continue;
    }
    const rank =
      what.kind === 'state-requirements'
        ? 0
        : what.kind === 'ccd'
          ? what.ccd === 'directory'
            ? 1
            : 20
          : what.kind === 'district-list'
            ? 1
            : what.kind === 'table-csv'
              ? what.table === 'districts'
                ? 1
                : what.table === 'state_requirements'
                  ? 0
                  : 20 + (ranks.get(what.table) ?? 0)
              : 50;
    files.push({
      file,
      what,
      rank,
      ...(what.kind === 'ccd' ? { source: fileSource(file), year: yearOfCcdName(file) } : {}),
    });
  }
  files.sort((a, b) => a.rank - b.rank || a.file.localeCompare(b.file));
  return { files, ignored };
}

/** Files named on the command line, with folders expanded to the files directly in them. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new LctError(`${p} does not exist.`, 'Check the path (folders and files are both fine).');
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        const full = path.join(p, entry);
        if (fs.statSync(full).isFile()) out.push(full);
      }
    } else out.push(p);
  }
  return out;
}
