/**
 * How long-running library work (imports, calculations, exports) reports progress without knowing
 * where it goes: the CLI draws a bar on a terminal and prints plain lines otherwise; tests stay silent.
 */
export interface ProgressSink {
  /** A new phase; `total` in `unit`s when known (rows, bytes, districts). */
  begin(label: string, total?: number, unit?: string): void;
  /** Add `amount` to the current phase. */
  advance(amount: number): void;
  /** The phase is finished; `summary` is printed once. */
  end(summary?: string): void;
}

export const silentProgress: ProgressSink = {
  begin: () => undefined,
  advance: () => undefined,
  end: () => undefined,
};
