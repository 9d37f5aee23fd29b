import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance';

/** How many edits a phrase of this length may carry and still count as a typo of it. */
export function allowedEdits(length: number): number {
  if (length >= 9) return 2;
  if (length >= 4) return 1;
  return 0;
}

/**
 * The edit distance when `typed` is `known` with a typo or two ("bussy" ~ "busy", "aswering machine" ~ "answering machine"),
 * otherwise undefined. The shorter of the two sets the allowance, so "contesta" is no typo of "contestada".
 */
export function typoDistance(typed: string, known: string): number | undefined {
  const edits = allowedEdits(Math.min(typed.length, known.length));
  if (edits === 0 || Math.abs(typed.length - known.length) > edits) return undefined;
  if (typed[0] !== known[0] && edits < 2) return undefined;
  const distance = DamerauLevenshteinDistance(typed, known, { restricted: true });
  return distance <= edits ? distance : undefined;
}
