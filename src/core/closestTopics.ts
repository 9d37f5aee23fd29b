import { DiceCoefficient } from 'natural/lib/natural/distance';
import { allEntries } from '../content/knowledgeBase';
import { LANGUAGES } from '../domain/language';
import { STOPWORDS } from '../nlu/stopwords';
import { normalize } from '../nlu/normalize';
import type { StatusKey } from '../domain/statusKeys';

let index: { key: StatusKey; words: string[] }[] | undefined;

/** Every word of every entry's title, tagline and aliases in both languages, once. */
function entryWords(): { key: StatusKey; words: string[] }[] {
  if (!index) {
    const byKey = new Map<StatusKey, Set<string>>();
    for (const lang of LANGUAGES) {
      for (const entry of allEntries(lang)) {
        const words = byKey.get(entry.key) ?? new Set<string>();
        for (const phrase of [entry.title, entry.tagline, ...entry.aliases]) {
          for (const word of normalize(phrase).split(' ')) if (word.length >= 3 && !STOPWORDS.en.has(word) && !STOPWORDS.es.has(word)) words.add(word);
        }
        byKey.set(entry.key, words);
      }
    }
    index = [...byKey].map(([key, words]) => ({ key, words: [...words] }));
  }
  return index;
}

/**
 * The entries nearest to an out-of-scope message, for "Did you mean…?": those it names first, then those sharing
 * the most look-alike words. Returns fewer than `count` when nothing is close; the caller fills in general buttons.
 */
export function closestTopics(text: string, named: readonly StatusKey[], count = 2): StatusKey[] {
  const tokens = normalize(text)
    .split(' ')
    .filter((token) => token.length >= 3 && !STOPWORDS.en.has(token) && !STOPWORDS.es.has(token));
  const scored = entryWords()
    .map(({ key, words }) => ({
      key,
      score: tokens.reduce((sum, token) => sum + Math.max(0, ...words.map((word) => DiceCoefficient(token, word))), 0),
    }))
    .filter((candidate) => candidate.score >= 0.7)
    .sort((a, b) => b.score - a.score)
    .map((candidate) => candidate.key);
  return [...new Set([...named, ...scored])].slice(0, count);
}
