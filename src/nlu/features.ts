import type { Lang } from '../core/language';
import { LANGUAGE_PARTS } from './languages';

export interface Span {
  start: number;
  end: number;
  /** The entity kind ("#status") and, where it matters to the intent, which one ("#status:bad_connection"). */
  placeholders: string[];
}

function lengthBucket(count: number): string {
  if (count <= 1) return '#len:1';
  if (count === 2) return '#len:2';
  if (count <= 4) return '#len:3-4';
  return '#len:5+';
}

/**
 * What the classifier sees: the stems of the words that are neither stopwords nor part of an entity, the entities'
 * placeholders (so "why is C-1042 bad" and "why is C-77 bad" look alike), and a length bucket. naive Bayes only
 * counts the features a message has; the bucket lets "Completed" alone read as a question about a status while
 * "I'm busy tonight" does not.
 */
export function toFeatures(tokens: readonly string[], spans: readonly Span[], lang: Lang, extraPlaceholders: readonly string[] = []): string[] {
  const parts = LANGUAGE_PARTS[lang];
  const features: string[] = [...extraPlaceholders];
  let words = extraPlaceholders.filter((p) => p === '#contact' || p === '#phone').length;
  for (let i = 0; i < tokens.length; i++) {
    const span = spans.find((s) => i >= s.start && i < s.end);
    if (span) {
      if (i === span.start) {
        features.push(...span.placeholders);
        words++;
      }
      continue;
    }
    const token = tokens[i];
    if (parts.stopwords.has(token)) continue;
    features.push(/^\d+$/.test(token) ? '#number' : parts.stem(token));
    words++;
  }
  features.push(lengthBucket(words));
  return features;
}
