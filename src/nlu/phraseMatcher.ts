import { LANGUAGES } from '../core/language';
import { typoDistance } from './fuzzy';
import { LANGUAGE_PARTS } from './languages';
import { normalize } from './normalize';

export interface PhraseMatch<T> {
  start: number;
  end: number;
  values: T[];
  fuzzy: boolean;
}

export interface PhraseMatcherOptions {
  /** Also match word forms through both languages' stemmers ("fails" ~ "failed" if their stems agree). */
  stems?: boolean;
  /** Also match typos (edit distance) on phrases of four or more letters. */
  typos?: boolean;
  /** Words that never start a typo match (common words that sit one edit away from a phrase). */
  noTypos?: ReadonlySet<string>;
}

function stemKey(tokens: readonly string[], lang: (typeof LANGUAGES)[number]): string {
  return tokens.map((token) => LANGUAGE_PARTS[lang].stem(token)).join(' ');
}

/**
 * Finds known phrases in a token list: the longest phrase first, left to right, without overlaps.
 * One phrase may name several values (an ambiguous alias); the caller decides what to do with that.
 */
export class PhraseMatcher<T> {
  private readonly exact = new Map<string, Set<T>>();
  private readonly stemmed = new Map<string, Set<T>>();
  /** Known phrases by word count, for typo matching word by word. */
  private readonly byWords = new Map<number, string[][]>();
  private maxWords = 1;

  constructor(private readonly options: PhraseMatcherOptions = {}) {}

  add(phrase: string, value: T): void {
    const normalized = normalize(phrase);
    if (!normalized) return;
    const tokens = normalized.split(' ');
    this.maxWords = Math.max(this.maxWords, tokens.length);
    addTo(this.exact, normalized, value);
    if (this.options.stems) for (const lang of LANGUAGES) addTo(this.stemmed, stemKey(tokens, lang), value);
    const sameCount = this.byWords.get(tokens.length) ?? [];
    if (!sameCount.some((known) => known.join(' ') === normalized)) sameCount.push(tokens);
    this.byWords.set(tokens.length, sameCount);
  }

  match(tokens: readonly string[]): PhraseMatch<T>[] {
    const used = new Array<boolean>(tokens.length).fill(false);
    const found: PhraseMatch<T>[] = [];
    for (let size = Math.min(this.maxWords, tokens.length); size >= 1; size--) {
      for (let start = 0; start + size <= tokens.length; start++) {
        if (used.slice(start, start + size).some(Boolean)) continue;
        const window = tokens.slice(start, start + size);
        const hit = this.lookup(window);
        if (!hit) continue;
        found.push({ start, end: start + size, values: [...hit.values], fuzzy: hit.fuzzy });
        used.fill(true, start, start + size);
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  private lookup(window: readonly string[]): { values: Set<T>; fuzzy: boolean } | undefined {
    const text = window.join(' ');
    const exact = this.exact.get(text);
    if (exact) return { values: exact, fuzzy: false };
    if (this.options.stems) {
      for (const lang of LANGUAGES) {
        const stemmed = this.stemmed.get(stemKey(window, lang));
        if (stemmed) return { values: stemmed, fuzzy: false };
      }
    }
    if (this.options.typos && text.length >= 4 && !this.options.noTypos?.has(window[0])) {
      let best: { known: string; distance: number } | undefined;
      for (const known of this.byWords.get(window.length) ?? []) {
        const distance = phraseTypoDistance(window, known);
        if (distance !== undefined && distance > 0 && (!best || distance < best.distance)) best = { known: known.join(' '), distance };
      }
      if (best) return { values: this.exact.get(best.known)!, fuzzy: true };
    }
    return undefined;
  }
}

/** Word by word: every word equal or a typo of its counterpart ("aswering machine"), never "si atiende" for "no atiende". */
function phraseTypoDistance(typed: readonly string[], known: readonly string[]): number | undefined {
  let total = 0;
  for (let i = 0; i < typed.length; i++) {
    if (typed[i] === known[i]) continue;
    const distance = typoDistance(typed[i], known[i]);
    if (distance === undefined) return undefined;
    total += distance;
  }
  return total;
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key) ?? new Set<T>();
  set.add(value);
  map.set(key, set);
}
