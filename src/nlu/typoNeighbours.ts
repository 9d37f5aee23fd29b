import { allowedEdits, MAX_TYPO_EDITS, typoDistance, typoKeepsFirstLetter } from './fuzzy';
import { editsForMissingLetters, letterSet } from './letterSets';

/** A known word a typed word equals (distance 0) or is a typo of. */
export interface Neighbour {
  word: string;
  distance: number;
}

interface KnownWord {
  word: string;
  letters: number;
  /** The neighbours of the word typed right and close to no other known word: the usual case, built once. */
  alone: readonly Neighbour[];
}

/** Known words of one length, also by first letter (see typoKeepsFirstLetter). */
interface LengthBucket {
  all: KnownWord[];
  byFirstLetter: Map<number, KnownWord[]>;
}

const NONE: readonly Neighbour[] = [];

/** A set of known words, indexed so a typed word meets only those it could be a typo of. */
export class KnownWords {
  private readonly words = new Map<string, KnownWord>();
  private readonly byLength: (LengthBucket | undefined)[] = [];

  add(word: string): void {
    if (this.words.has(word)) return;
    const known: KnownWord = { word, letters: letterSet(word), alone: [{ word, distance: 0 }] };
    this.words.set(word, known);
    const bucket: LengthBucket = (this.byLength[word.length] ??= { all: [], byFirstLetter: new Map() });
    bucket.all.push(known);
    const letter = word.charCodeAt(0);
    const sameLetter = bucket.byFirstLetter.get(letter);
    if (sameLetter) sameLetter.push(known);
    else bucket.byFirstLetter.set(letter, [known]);
  }

  neighboursOf(typed: string): readonly Neighbour[] {
    const exact = this.words.get(typed);
    let found: Neighbour[] | undefined;
    const typedLetters = letterSet(typed);
    // a typo changes a word's length by MAX_TYPO_EDITS at most
    const longest = Math.min(typed.length + MAX_TYPO_EDITS, this.byLength.length - 1);
    for (let length = Math.max(1, typed.length - MAX_TYPO_EDITS); length <= longest; length++) {
      const bucket = this.byLength[length];
      if (!bucket) continue;
      const candidates = typoKeepsFirstLetter(typed.length, length) ? bucket.byFirstLetter.get(typed.charCodeAt(0)) : bucket.all;
      if (!candidates) continue;
      const edits = allowedEdits(Math.min(typed.length, length));
      for (const known of candidates) {
        if (known === exact || editsForMissingLetters(typedLetters, known.letters) > edits) continue;
        const distance = typoDistance(typed, known.word);
        if (distance !== undefined) (found ??= exact ? [...exact.alone] : []).push({ word: known.word, distance });
      }
    }
    return found ?? exact?.alone ?? NONE;
  }
}

/** Each token's neighbours for one message, worked out the first time a window asks: windows of every size start at each token. */
export class MessageNeighbours {
  private readonly found: (readonly Neighbour[] | undefined)[];

  constructor(
    private readonly tokens: readonly string[],
    private readonly words: KnownWords,
  ) {
    this.found = new Array<readonly Neighbour[] | undefined>(tokens.length);
  }

  at(index: number): readonly Neighbour[] {
    return (this.found[index] ??= this.words.neighboursOf(this.tokens[index]));
  }
}
