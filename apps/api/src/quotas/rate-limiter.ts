import { ApiException } from '../http/api.exception';

const WINDOW_MS = 60_000;

interface Window {
  /** Start of the current one-minute window. */
  start: number;
  previous: number;
  current: number;
}

/**
 * Requests per minute per key (`user:<id>`, `apiKey:<id>`), counted in memory on each API replica: with N replicas
 * behind a load balancer a caller gets up to N times the limit. It is a guard against bursts and runaway scripts;
 * the quotas (QuotaService) are the exact, shared limits.
 *
 * Sliding-window counter: the previous minute's count, weighted by how much of it still overlaps the last 60 s, plus
 * the current minute's. Three numbers per key; keys idle for two minutes are forgotten, and at most `maxKeys` are kept
 * (the least recently used is forgotten first).
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(options: { now?: () => number; maxKeys?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Counts one request for `key`, or throws 429 rate_limited (with Retry-After) when it is over `perMinute` (0 = no limit). */
  take(key: string, perMinute: number): void {
    if (perMinute <= 0) return;
    const now = this.now();
    const window = this.windowOf(key, now);
    const elapsed = now - window.start;
    const estimate = window.previous * ((WINDOW_MS - elapsed) / WINDOW_MS) + window.current;
    if (estimate + 1 > perMinute) {
      const seconds = Math.max(1, Math.ceil(retryAfterMs(window, elapsed, perMinute) / 1000));
      throw new ApiException(429, 'rate_limited', { seconds }, undefined, { 'Retry-After': String(seconds) });
    }
    window.current += 1;
  }

  /** Keys currently held in memory. */
  get size(): number {
    return this.windows.size;
  }

  private windowOf(key: string, now: number): Window {
    const start = now - (now % WINDOW_MS);
    let window = this.windows.get(key);
    if (window) {
      this.windows.delete(key);
      if (window.start !== start) {
        window = { start, previous: window.start === start - WINDOW_MS ? window.current : 0, current: 0 };
      }
    } else {
      window = { start, previous: 0, current: 0 };
    }
    // Re-inserted at the end: the map is in least-recently-used order.
    this.windows.set(key, window);
    this.evict(start);
    return window;
  }

  private evict(start: number) {
    for (const [key, window] of this.windows) {
      const idle = window.start < start - WINDOW_MS;
      if (!idle && this.windows.size <= this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

/** Milliseconds until one more request fits. */
function retryAfterMs(window: Window, elapsed: number, perMinute: number): number {
  const room = perMinute - 1;
  if (window.current <= room && window.previous > 0) {
    // Wait, within this minute, for the previous minute's weight to fall far enough.
    return Math.max(0, WINDOW_MS * (1 - (room - window.current) / window.previous) - elapsed);
  }
  // Only the next minute helps: then this minute's count becomes the weighted one.
  return WINDOW_MS - elapsed + Math.max(0, WINDOW_MS * (1 - room / window.current));
}
