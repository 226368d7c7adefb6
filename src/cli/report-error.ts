/** Prints an error as one line plus the next command, never a stack trace unless --debug. */
import { LctError } from '../errors.js';

export async function reportError(error: unknown, debug: boolean): Promise<number> {
  const { explainError } = await import('../db/errors.js');
  const explained = explainError(error);
  if (explained instanceof LctError) {
    console.error(`error: ${explained.message}`);
    if (explained.hint) console.error(`next:  ${explained.hint}`);
  } else {
    const message = (explained as Error)?.message ?? String(explained);
    console.error(`error: ${message}`);
  }
  if (debug) console.error((error as Error)?.stack ?? error);
  return 1;
}
