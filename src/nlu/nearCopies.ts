import { normalize } from './normalize';

/** Below this many words in common, two lines differing by one word are different questions ("hola" / "gracias"). */
const MIN_SHARED_WORDS = 2;

/** Whether two token sequences differ by at most one word (one inserted, deleted or replaced) and share at least two. */
export function withinOneWord(a: readonly string[], b: readonly string[]): boolean {
  if (Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) - (a.length === b.length ? 1 : 0) < MIN_SHARED_WORDS) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // skip one word on either side (or both, for a replacement) and compare the rest
  const rest = (x: number, y: number): boolean => a.length - x === b.length - y && a.slice(x).every((word, k) => word === b[y + k]);
  return rest(i, i) || rest(i + 1, i) || rest(i, i + 1) || rest(i + 1, i + 1);
}

export interface NearCopy {
  training: string;
  evaluation: string;
}

/**
 * Training lines that are near copies of evaluation lines: the same words once case, accents and punctuation are set
 * aside, but for one word at most. Training on them would make an evaluation line a memory test.
 */
export function nearCopies(training: readonly string[], evaluation: readonly string[]): NearCopy[] {
  const tokens = (text: string): string[] => normalize(text).split(' ').filter(Boolean);
  const byLength = new Map<number, { text: string; words: string[] }[]>();
  for (const text of evaluation) {
    const words = tokens(text);
    const bucket = byLength.get(words.length) ?? [];
    bucket.push({ text, words });
    byLength.set(words.length, bucket);
  }
  const found: NearCopy[] = [];
  for (const text of training) {
    const words = tokens(text);
    for (const length of [words.length - 1, words.length, words.length + 1]) {
      for (const line of byLength.get(length) ?? []) if (withinOneWord(words, line.words)) found.push({ training: text, evaluation: line.text });
    }
  }
  return found;
}
