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

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
  ) {}

  check(keys: readonly string[], now = Date.now()): RateDecision {
    const since = now - this.limit.windowMs;
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

  /** Forgets the oldest keys past the cap, so many one-off users cannot grow memory without bound. */
  private trim(): void {
    for (const map of [this.events, this.warned] as Map<string, unknown>[]) {
      while (map.size > this.maxKeys) map.delete(map.keys().next().value as string);
    }
  }
}
