export interface RateLimit {
  /** Most events a key may have in one window. */
  max: number;
  windowMs: number;
}

export type RateDecision = 'allow' | 'refuse' | 'refuse-quietly';

/**
 * A sliding-window limit per key (a user, a conversation). The first refusal in a window is 'refuse' (worth a polite
 * answer); further ones are 'refuse-quietly', so a flood does not get a flood of apologies back.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly warned = new Map<string, number>();
  private lastSweep = -Infinity;

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
  ) {}

  check(keys: readonly string[], now = Date.now()): RateDecision {
    const since = now - this.limit.windowMs;
    this.forgetIdle(since);
    const over = keys.filter((key) => {
      const recent = (this.events.get(key) ?? []).filter((t) => t > since);
      this.events.set(key, recent);
      return recent.length >= this.limit.max;
    });
    if (over.length === 0) {
      for (const key of keys) this.events.get(key)?.push(now);
      this.trim();
      return 'allow';
    }
    const alreadyWarned = over.every((key) => (this.warned.get(key) ?? -Infinity) > since);
    for (const key of over) this.warned.set(key, now);
    return alreadyWarned ? 'refuse-quietly' : 'refuse';
  }

  /** Keys, with events or a warning still in the window. */
  get size(): number {
    return new Set([...this.events.keys(), ...this.warned.keys()]).size;
  }

  /**
   * Once per window, forgets the keys with nothing left in it: a crowd of one-off conversations would otherwise keep
   * a key and an array each until the cap, tens of megabytes of heap that only grows.
   */
  private forgetIdle(since: number): void {
    if (since - this.lastSweep < this.limit.windowMs) return;
    this.lastSweep = since;
    for (const [key, times] of this.events) if ((times.at(-1) ?? -Infinity) <= since) this.events.delete(key);
    for (const [key, at] of this.warned) if (at <= since) this.warned.delete(key);
  }

  /** Forgets the oldest keys past the cap, so many one-off users cannot grow memory without bound. */
  private trim(): void {
    for (const map of [this.events, this.warned] as Map<string, unknown>[]) {
      while (map.size > this.maxKeys) map.delete(map.keys().next().value as string);
    }
  }
}
