/**
 * One process at a time may open an embedded data folder: a second PGlite on the same files would
 * corrupt them. The lock is a file beside the folder holding the owner's pid; a lock whose process
 * is gone is stale and taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LctError } from '../errors.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirLock {
  private constructor(readonly file: string) {}

  static pathFor(dataDir: string): string {
    return `${path.resolve(dataDir)}.lock`;
  }

  static acquire(dataDir: string): DataDirLock {
    const file = DataDirLock.pathFor(dataDir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
        return new DataDirLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(fs.readFileSync(file, 'utf8').trim());
        if (owner === process.pid) {
          throw new LctError(`The embedded database ${dataDir} is already open in this process.`);
        }
        if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
          throw new LctError(
            `The embedded database ${dataDir} is in use by process ${owner}.`,
            `Wait for it to finish (or stop it: kill ${owner}), or use another folder with LCT_DATA_DIR.`,
          );
        }
        // The owner died without cleaning up (crash, SIGKILL): the lock is stale.
        fs.rmSync(file, { force: true });
      }
    }
    throw new LctError(
      `Could not lock the embedded database ${dataDir}.`,
      `Remove ${file} if no lct process is running.`,
    );
  }

  release(): void {
    try {
      if (fs.readFileSync(this.file, 'utf8').trim() === String(process.pid)) fs.rmSync(this.file, { force: true });
    } catch {
      // Already gone.
    }
  }
}
