import { LANGUAGES } from '../domain/language';
import { stemOf } from './stemCache';
import { KnownWords } from './typoNeighbours';

/** Words shorter than this are left alone: too many short words sit one edit away from each other. */
const MIN_LENGTH = 4;

/**
 * Puts a mistyped word back to the one known word it is closest to ("contacot" -> "contacto", "sheduled" -> "scheduled"),
 * so every later step (entities, stems, the classifier) reads it. A word with two equally close known words, or none,
 * is left as typed: a guess between two readings is worse than an unknown word.
 */
export class SpellingCorrector {
  private readonly known = new KnownWords();
  private readonly words = new Set<string>();
  private readonly cache = new Map<string, string>();

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      if (word.length < MIN_LENGTH - 1 || /\d/.test(word)) continue;
      this.words.add(word);
      this.known.add(word);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  correct(token: string): string {
    if (token.length === MIN_LENGTH - 1 && !this.words.has(token)) return this.swapped(token) ?? token;
    if (token.length < MIN_LENGTH || this.words.has(token) || /\d/.test(token)) return token;
    let fixed = this.cache.get(token);
    if (fixed === undefined) {
      fixed = this.closest(token);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(token, fixed);
    }
    return fixed;
  }

  /** A three-letter word with two letters swapped ("nwe", "irv"), when exactly one swap is a known word. */
  private swapped(token: string): string | undefined {
    const swaps = [token[1] + token[0] + token[2], token[0] + token[2] + token[1]].filter((w) => w !== token && this.words.has(w));
    return swaps.length === 1 ? swaps[0] : undefined;
  }

  private closest(token: string): string {
    let best: string | undefined;
    let bestDistance = Infinity;
    let tie = false;
    for (const { word, distance } of this.known.neighboursOf(token)) {
      if (distance === 0) return word;
      if (distance < bestDistance) {
        best = word;
        bestDistance = distance;
        tie = false;
      } else if (distance === bestDistance && !sameWordForms(word, best!)) tie = true;
    }
    return best && !tie ? best : token;
  }
}

/** Two forms of one word ("contact", "contacto"): either is a fine correction. */
function sameWordForms(a: string, b: string): boolean {
  return LANGUAGES.some((lang) => stemOf(a, lang) === stemOf(b, lang));
}
