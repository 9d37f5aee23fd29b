import type { Lang } from '../domain/language';
import { LANGUAGE_PARTS } from './languages';

/** Enough for the vocabulary users actually type; past it the cache starts over rather than grow without bound. */
const MAX_ENTRIES = 20_000;

const caches: Record<Lang, Map<string, string>> = { en: new Map(), es: new Map() };

/** The language's stemmer, remembered: the same few hundred words come back in every message and the stemmers are slow. */
export function stemOf(token: string, lang: Lang): string {
  const cache = caches[lang];
  let stem = cache.get(token);
  if (stem === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    stem = LANGUAGE_PARTS[lang].stem(token);
    cache.set(token, stem);
  }
  return stem;
}
