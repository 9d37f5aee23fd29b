import { osaDistanceUpTo } from '../domain/editDistance';

/** The most edits allowedEdits grants, whatever the length. */
export const MAX_TYPO_EDITS = 2;

/** How many edits a phrase of this length may carry and still count as a typo of it. */
export function allowedEdits(length: number): number {
  if (length >= 9) return 2;
  if (length >= 4) return 1;
  return 0;
}

/** Short words keep their first letter when mistyped: "bust" is no typo of "must", while "cancelada" ~ "xancelada" is. */
export function typoKeepsFirstLetter(typedLength: number, knownLength: number): boolean {
  return allowedEdits(Math.min(typedLength, knownLength)) < 2;
}

/**
 * The edit distance when `typed` is `known` with a typo or two ("bussy" ~ "busy", "aswering machine" ~ "answering machine"),
 * otherwise undefined. The shorter of the two sets the allowance, so "contesta" is no typo of "contestada".
 */
export function typoDistance(typed: string, known: string): number | undefined {
  const edits = allowedEdits(Math.min(typed.length, known.length));
  if (edits === 0 || Math.abs(typed.length - known.length) > edits) return undefined;
  if (typed.charCodeAt(0) !== known.charCodeAt(0) && typoKeepsFirstLetter(typed.length, known.length)) return undefined;
  const distance = osaDistanceUpTo(typed, known, edits);
  return distance <= edits ? distance : undefined;
}
