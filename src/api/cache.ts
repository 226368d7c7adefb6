/**
 * A response cache keyed on the database's commit state, so a cached answer is never older than the
 * request asking for it.
 *
 * The commit state is `pg_current_snapshot()` as text (xmin:xmax:in-progress xids): any transaction that
 * commits (or aborts) changes it, whoever made it — this server, `lct import` in another process, psql.
 * Every request for a cached route needs a commit state read *after the request arrived*, so a change
 * acknowledged before the request is seen. One such read is in flight at a time; requests that arrive
 * while it runs share the next one (at 3,000 requests/s that is one cheap query for several requests
 * instead of the route's own queries for each).
 *
 * An entry is stored with a state whose read completed before its response was computed, so a commit
 * landing in between makes the entry look older than it is (recomputed once more), never newer. A request
 * for an answer the cache does not hold at all skips the check: it is computed now, so it is fresh, and
 * stored with the latest state read (kept recent by a background read at most every 100 ms).
 */
import type { Queryable } from '../db/database.js';

/** A commit state; `seq` orders the reads (they run one after the other, so a later one is newer). */
export interface CommitSnapshot {
  text: string;
  seq: number;
}

export class CommitState {
  private ticket = 0;
  private seq = 0;
  private running = false;
  private waiters: { ticket: number; resolve: (state: CommitSnapshot) => void; reject: (error: unknown) => void }[] =
    [];
  private lastStart = -Infinity;
  /** The newest state read so far (its read completed before now). */
  latest: CommitSnapshot | null = null;

  constructor(private readonly db: Queryable) {}

  /** Reads the state in the background unless a read ran recently, so `latest` stays recent. */
  refreshSoon(intervalMs = 100): void {
    if (this.running || performance.now() - this.lastStart < intervalMs) return;
    this.ticket++;
    this.pump(true);
  }

  /** The commit state as of some moment after this call. */
  read(): Promise<CommitSnapshot> {
    const ticket = ++this.ticket;
    return new Promise((resolve, reject) => {
      this.waiters.push({ ticket, resolve, reject });
      this.pump();
    });
  }

  private pump(force = false): void {
    if (this.running || (this.waiters.length === 0 && !force)) return;
    this.running = true;
    this.lastStart = performance.now();
    // This read starts after every ticket issued so far: it answers all of them.
    const covers = this.ticket;
    const settle = (fn: (w: (typeof this.waiters)[number]) => void) => {
      const ready = this.waiters.filter((w) => w.ticket <= covers);
      this.waiters = this.waiters.filter((w) => w.ticket > covers);
      for (const w of ready) fn(w);
    };
    this.db
      .query<{ state: string }>('SELECT pg_current_snapshot()::text AS state', [], { name: 'lct_commit_state' })
      .then(
        (result) => {
          const snapshot = { text: result.rows[0]!.state, seq: ++this.seq };
          this.latest = snapshot;
          settle((w) => w.resolve(snapshot));
        },
        (error: unknown) => settle((w) => w.reject(error)),
      )
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}

export interface CachedResponse {
  status: number;
  /** UTF-8, sent as is on a hit. */
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

interface Entry extends CachedResponse {
  storedAt: number;
}

/** Enough for every district's answer of a national database (17,800 × ~5 KB) and the summaries. */
export const DEFAULT_CACHE_BYTES = 128 * 1024 * 1024;
/** The key, the entry object and the Map slot, roughly. */
const ENTRY_OVERHEAD_BYTES = 200;

/** Entries of the newest commit state seen, least recently used dropped first, bounded in entries and bytes. */
export class ResponseCache {
  private current: CommitSnapshot = { text: '', seq: 0 };
  private entries = new Map<string, Entry>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
    private readonly maxEntries = 100_000,
    /** Answers that depend on the clock too (a campaign claim expiring) are recomputed at least this often. */
    private readonly maxAgeMs = 30_000,
  ) {}

  /** A newer state than the entries': they are all stale. */
  private observe(state: CommitSnapshot): boolean {
    if (state.seq > this.current.seq) {
      if (state.text !== this.current.text) this.clear();
      this.current = state;
    }
    return state.text === this.current.text;
  }

  /** Whether an answer for `key` is held, whatever its state (then it is worth checking the state). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string, state: CommitSnapshot): CachedResponse | undefined {
    const entry = this.observe(state) ? this.entries.get(key) : undefined;
    if (!entry || performance.now() - entry.storedAt > this.maxAgeMs) {
      this.misses++;
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry;
  }

  /** Stores a response computed after `state` was read (an older state than the newest seen: not kept). */
  set(key: string, state: CommitSnapshot, entry: CachedResponse): void {
    const size = entry.body.byteLength + ENTRY_OVERHEAD_BYTES;
    if (size > this.maxBytes / 16 || !this.observe(state)) return;
    this.delete(key);
    this.entries.set(key, { ...entry, storedAt: performance.now() });
    this.bytes += size;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      this.delete(this.entries.keys().next().value as string);
    }
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.bytes -= old.body.byteLength + ENTRY_OVERHEAD_BYTES;
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    return this.bytes;
  }
}
