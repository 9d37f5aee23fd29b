import { LANGUAGES, type Lang } from '../domain/language';
import { LANGUAGE_PARTS } from './languages';

/**
 * Counts each language's marker words; Spanish punctuation and accents count too. Returns undefined when the
 * text does not say (a bare "IVR", "bussy??", "C-1042"), so the caller can fall back to the locale or the user's habit.
 */
export function detectLanguageFromText(rawFolded: string, tokens: readonly string[], hadAccents: boolean): Lang | undefined {
  const score: Record<Lang, number> = { en: 0, es: 0 };
  for (const token of tokens) {
    for (const lang of LANGUAGES) if (LANGUAGE_PARTS[lang].markers.has(token)) score[lang] += 1;
  }
  if (/[¿¡]/.test(rawFolded)) score.es += 1.5;
  if (hadAccents) score.es += 1;
  const diff = score.es - score.en;
  if (Math.abs(diff) < 1) return undefined;
  return diff > 0 ? 'es' : 'en';
}
