/** Who is collecting: --by, else $LCT_COLLECTOR, else the login name. */
import os from 'node:os';
import { LctError } from '../errors.js';

export function collector(by: string | undefined): string {
  if (by) return by;
  if (process.env.LCT_COLLECTOR) return process.env.LCT_COLLECTOR;
  try {
    return os.userInfo().username;
  } catch {
    throw new LctError('Cannot tell who you are.', 'Add --by NAME (or set LCT_COLLECTOR).');
  }
}
