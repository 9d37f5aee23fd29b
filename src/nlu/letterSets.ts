/**
 * A word's letters as a bit set, folded into 32 bits by character code. Digits share bits with some letters; a
 * shared bit only makes the bound below weaker, never wrong.
 */
export function letterSet(word: string): number {
  let set = 0;
  for (let i = 0; i < word.length; i++) set |= 1 << (word.charCodeAt(i) & 31);
  return set;
}

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/**
 * A lower bound on the edit distance of two words from their letter sets: each letter one word has and the other
 * lacks needs an edit of its own (a transposition only moves letters both words share).
 */
export function editsForMissingLetters(a: number, b: number): number {
  return Math.max(bitCount(a & ~b), bitCount(b & ~a));
}
