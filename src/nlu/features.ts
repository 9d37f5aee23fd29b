import type { Lang } from '../domain/language';
import { LANGUAGE_PARTS } from './languages';
import { stemOf } from './stemCache';

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

function isNumber(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return token.length > 0;
}

function spanAt(spans: readonly Span[], index: number): Span | undefined {
  for (const span of spans) if (index >= span.start && index < span.end) return span;
  return undefined;
}

/**
 * What the classifier sees: the stems of the words that are neither stopwords nor part of an entity, the entities'
 * placeholders (so "why is C-1042 bad" and "why is C-77 bad" look alike), and a length bucket. naive Bayes only
 * counts the features a message has; the bucket lets "Completed" alone read as a question about a status while
 * "I'm busy tonight" does not.
 */
export function toFeatures(tokens: readonly string[], spans: readonly Span[], lang: Lang, extraPlaceholders: readonly string[] = []): string[] {
  const { stopwords } = LANGUAGE_PARTS[lang];
  const features: string[] = [];
  let words = 0;
  for (const placeholder of extraPlaceholders) {
    features.push(placeholder);
    if (placeholder === '#contact' || placeholder === '#phone') words++;
  }
  for (let i = 0; i < tokens.length; i++) {
    const span = spanAt(spans, i);
    if (span) {
      if (i === span.start) {
        for (const placeholder of span.placeholders) features.push(placeholder);
        words++;
      }
      continue;
    }
    const token = tokens[i];
    if (stopwords.has(token)) continue;
    features.push(isNumber(token) ? '#number' : stemOf(token, lang));
    words++;
  }
  features.push(lengthBucket(words));
  return features;
}
