import { LANGUAGES } from '../domain/language';
import { typoDistance } from './fuzzy';
import { normalize } from './normalize';
import { sortSmall } from './smallSort';
import { stemOf } from './stemCache';
import { KnownWords, MessageNeighbours } from './typoNeighbours';

export interface PhraseMatch<T> {
  start: number;
  end: number;
  values: T[];
  fuzzy: boolean;
  /** Matched through a stemmer, not as written ("cancelan" for "cancelada"). */
  byStem?: boolean;
}

export interface PhraseMatcherOptions {
  /** Also match word forms through both languages' stemmers ("fails" ~ "failed" if their stems agree). */
  stems?: boolean;
  /** Also match typos (edit distance) on phrases of four or more letters. */
  typos?: boolean;
  /** Words that never start a typo match (common words that sit one edit away from a phrase). */
  noTypos?: ReadonlySet<string>;
}

/** Known phrases word by word, so a window of tokens is looked up without joining it into a string. */
interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  values?: Set<T>;
}

interface KnownPhrase<T> {
  words: readonly string[];
  values: Set<T>;
  /** Order of addition: among equally close typo matches, the phrase added first wins. */
  rank: number;
}

interface Hit<T> {
  values: Set<T>;
  fuzzy: boolean;
  byStem?: boolean;
}

/**
 * Finds known phrases in a token list: the longest phrase first, left to right, without overlaps.
 * One phrase may name several values (an ambiguous alias); the caller decides what to do with that.
 */
export class PhraseMatcher<T> {
  private readonly root: TrieNode<T> = { next: new Map() };
  /** The known phrases word by word again, each word by its stem in one language (one tree per language). */
  private readonly stemRoots = LANGUAGES.map((): TrieNode<T> => ({ next: new Map() }));
  /** Known phrases for typo matching, by word count and then by first word. */
  private readonly byWordsAndFirstWord: (Map<string, KnownPhrase<T>[]> | undefined)[] = [];
  /** The words known phrases start with: a window's first word is compared with each of them once per message. */
  private readonly firstWords = new KnownWords();
  private phraseCount = 0;
  private maxWords = 1;

  constructor(private readonly options: PhraseMatcherOptions = {}) {}

  add(phrase: string, value: T): void {
    const normalized = normalize(phrase);
    if (!normalized) return;
    const tokens = normalized.split(' ');
    this.maxWords = Math.max(this.maxWords, tokens.length);
    const node = insertPath(this.root, tokens);
    if (!node.values) {
      node.values = new Set();
      const known: KnownPhrase<T> = { words: tokens, values: node.values, rank: this.phraseCount++ };
      const byFirstWord = (this.byWordsAndFirstWord[tokens.length] ??= new Map());
      const sameFirst = byFirstWord.get(tokens[0]);
      if (sameFirst) sameFirst.push(known);
      else byFirstWord.set(tokens[0], [known]);
      this.firstWords.add(tokens[0]);
    }
    node.values.add(value);
    if (this.options.stems) {
      LANGUAGES.forEach((lang, i) => {
        const stemmed = insertPath(this.stemRoots[i], tokens.map((token) => stemOf(token, lang)));
        (stemmed.values ??= new Set()).add(value);
      });
    }
  }

  match(tokens: readonly string[]): PhraseMatch<T>[] {
    const neighbours = this.options.typos ? new MessageNeighbours(tokens, this.firstWords) : undefined;
    // each token's stem in each language, once per message rather than once per window
    const stems = this.options.stems ? LANGUAGES.map((lang) => tokens.map((token) => stemOf(token, lang))) : undefined;
    const found: PhraseMatch<T>[] = [];
    for (let size = Math.min(this.maxWords, tokens.length); size >= 1; size--) {
      for (let start = 0; start + size <= tokens.length; start++) {
        if (overlapsAny(found, start, start + size)) continue;
        const hit = this.lookup(tokens, start, size, neighbours, stems);
        if (hit) found.push({ start, end: start + size, values: [...hit.values], fuzzy: hit.fuzzy, ...(hit.byStem && { byStem: true }) });
      }
    }
    return sortSmall(found, (a, b) => a.start - b.start);
  }

  /** The phrase the `size` tokens from `start` spell: exactly, then by stems, then with typos. */
  private lookup(tokens: readonly string[], start: number, size: number, neighbours: MessageNeighbours | undefined, stems: string[][] | undefined): Hit<T> | undefined {
    const exact = valuesAt(this.root, tokens, start, size);
    if (exact) return { values: exact, fuzzy: false };
    if (stems) {
      for (let i = 0; i < stems.length; i++) {
        const stemmed = valuesAt(this.stemRoots[i], stems[i], start, size);
        if (stemmed) return { values: stemmed, fuzzy: false, byStem: true };
      }
    }
    if (neighbours) {
      const typo = this.closestTypo(tokens, start, size, neighbours);
      if (typo) return { values: typo.values, fuzzy: true };
    }
    return undefined;
  }

  /**
   * The closest known phrase of the same word count whose every word the window's word equals or is a typo of
   * ("aswering machine"; never "si atiende" for "no atiende"), the earliest added on a tie.
   */
  private closestTypo(tokens: readonly string[], start: number, size: number, neighbours: MessageNeighbours): KnownPhrase<T> | undefined {
    const byFirstWord = this.byWordsAndFirstWord[size];
    if (!byFirstWord) return undefined;
    let textLength = size - 1;
    for (let i = start; i < start + size; i++) textLength += tokens[i].length;
    if (textLength < 4 || this.options.noTypos?.has(tokens[start])) return undefined;
    let best: KnownPhrase<T> | undefined;
    let bestDistance = Infinity;
    for (const first of neighbours.at(start)) {
      const phrases = byFirstWord.get(first.word);
      if (!phrases) continue;
      for (const known of phrases) {
        let distance: number | undefined = first.distance;
        for (let i = 1; i < size && distance !== undefined; i++) {
          const typed = tokens[start + i];
          const wordDistance = typed === known.words[i] ? 0 : typoDistance(typed, known.words[i]);
          distance = wordDistance === undefined ? undefined : distance + wordDistance;
        }
        if (distance === undefined || distance === 0) continue;
        if (distance < bestDistance || (distance === bestDistance && known.rank < best!.rank)) {
          best = known;
          bestDistance = distance;
        }
      }
    }
    return best;
  }
}

function overlapsAny(found: readonly PhraseMatch<unknown>[], start: number, end: number): boolean {
  for (const match of found) if (start < match.end && match.start < end) return true;
  return false;
}

function insertPath<T>(root: TrieNode<T>, words: readonly string[]): TrieNode<T> {
  let node = root;
  for (const word of words) {
    let child = node.next.get(word);
    if (!child) node.next.set(word, (child = { next: new Map() }));
    node = child;
  }
  return node;
}

/** The values of the phrase the `size` words from `start` spell in this tree, if one does. */
function valuesAt<T>(root: TrieNode<T>, words: readonly string[], start: number, size: number): Set<T> | undefined {
  let node: TrieNode<T> | undefined = root;
  for (let i = start; i < start + size && node; i++) node = node.next.get(words[i]);
  return node?.values;
}
