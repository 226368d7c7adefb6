/**
 * Errors people can act on: one line saying what went wrong and the command to run next.
 * The CLI prints `message` and `hint`; stack traces only with --debug.
 */
export class LctError extends Error {
  constructor(
    message: string,
    /** What to do next, usually a command. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LctError';
  }
}

/** A problem in an input file, pointing at the file, line (header = line 1) and column. */
export class InputError extends LctError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: string | null,
    readonly problem: string,
    hint?: string,
  ) {
    const where = [file, line !== null ? `line ${line}` : null, column !== null ? `column ${column}` : null]
      .filter(Boolean)
      .join(', ');
    // One line, whatever the underlying parser said.
    super(`${where}: ${problem.replace(/\s*\n\s*/g, ' ')}`, hint);
    this.name = 'InputError';
  }
}
