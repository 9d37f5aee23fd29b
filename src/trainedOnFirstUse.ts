import { logger } from './logging/logger';
import type { Recognizer } from './nlu/recognizer';

/** What trainedOnFirstUse() adds to a Recognizer: train it now if it has not been. */
export interface WarmUp {
  warmUp(): void;
}

/**
 * A Recognizer trained when first used (its first message, a campaign refresh) or warmed up, whichever comes first,
 * rather than before the server listens: training both languages takes 250 to 500 ms, a third of a start-up. The
 * first answer is the same, only later by that much when it comes before the warm-up.
 */
export function trainedOnFirstUse(train: () => Recognizer): Recognizer & WarmUp {
  let trained: Recognizer | undefined;
  const real = (): Recognizer => {
    if (!trained) {
      const started = performance.now();
      trained = train();
      logger.info({ event: 'recognizer.trained', ms: Math.round(performance.now() - started) }, 'Recognizer trained.');
    }
    return trained;
  };
  const bound = new Map<PropertyKey, unknown>();
  const warmUp = (): void => real().trainAlertReadings();
  return new Proxy({} as Recognizer & WarmUp, {
    get: (_target, key) => {
      if (key === 'warmUp') return warmUp;
      const recognizer = real();
      const value: unknown = Reflect.get(recognizer, key, recognizer);
      if (typeof value !== 'function') return value;
      let fn = bound.get(key);
      if (!fn) bound.set(key, (fn = (value as (...args: unknown[]) => unknown).bind(recognizer)));
      return fn;
    },
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => key === 'warmUp' || Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
