export const LANGUAGES = ['en', 'es'] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** "es-MX", "ES", "es_419" -> "es"; anything we do not speak -> undefined. */
export function langFromLocale(locale: string | null | undefined): Lang | undefined {
  if (typeof locale !== 'string') return undefined;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  return isLang(primary) ? primary : undefined;
}

export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'es' : 'en';
}

/** Where the answer language came from. */
export type LanguageSource = 'text' | 'locale' | 'user' | 'default';

/** What may say which language to answer in; any of them may be missing. */
export interface LanguageClues {
  /** A language the user asked for ("answer in Spanish", the web chat's switch), remembered for them. */
  preferred?: Lang;
  /** What the message's own words say, when they say it. */
  fromText?: Lang;
  /** The activity's locale ("es-MX"). */
  locale?: string | null;
  /** The language the user last wrote in. */
  last?: Lang;
}

/**
 * The one decision of the answer language, in the README's order: a language the user asked for wins over all; then
 * the message's words; then the activity's locale (`es-MX` is Spanish); then the user's last language; then English.
 */
export function resolveLanguage(clues: LanguageClues): { language: Lang; source: LanguageSource } {
  if (clues.preferred) return { language: clues.preferred, source: 'user' };
  if (clues.fromText) return { language: clues.fromText, source: 'text' };
  const fromLocale = langFromLocale(clues.locale);
  if (fromLocale) return { language: fromLocale, source: 'locale' };
  if (clues.last) return { language: clues.last, source: 'user' };
  return { language: 'en', source: 'default' };
}
