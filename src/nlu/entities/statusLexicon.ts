import { allEntries } from '../../content/knowledgeBase';
import { LANGUAGES } from '../../domain/language';
import type { StatusKey } from '../../domain/statusKeys';
import { LEXICONS } from '../lexicon';
import { normalize } from '../normalize';
import { PhraseMatcher } from '../phraseMatcher';

/** Common words one typo away from an alias ("bust", "fast", "done"...) that must stay themselves. */
const NOT_TYPOS = new Set(['base', 'best', 'bust', 'just', 'must', 'fax', 'past', 'last', 'fast', 'most', 'none', 'note', 'nota', 'fine', 'final', 'casa', 'cosa', 'news', 'scheduled', 'pasa', 'paso', 'pase', 'llama', 'llamo', 'cola', 'faltan', 'falta']);

/**
 * The recognition lexicon: every title and alias of every entry in both languages (a Spanish user may type "busy"),
 * plus recognition phrases of its own (verb forms, descriptions) that the cards never show. Word forms match through
 * the stemmers ("paused by itself", "se cancelan"), typos through the edit distance.
 */
export function buildStatusMatcher(): PhraseMatcher<StatusKey> {
  const matcher = new PhraseMatcher<StatusKey>({ typos: true, stems: true, noTypos: NOT_TYPOS });
  for (const lang of LANGUAGES) {
    for (const entry of allEntries(lang)) {
      matcher.add(entry.title, entry.key);
      for (const alias of entry.aliases) matcher.add(alias, entry.key);
    }
  }
  for (const lang of LANGUAGES) {
    for (const [key, phrases] of Object.entries(LEXICONS[lang].statusPhrases)) for (const phrase of phrases) matcher.add(phrase, key as StatusKey);
  }
  return matcher;
}

/** Aliases that are everyday words too: read as a status only where the context says so (see statusChoice). */
export const EVERYDAY_STATUS_WORDS: ReadonlySet<string> = new Set(LANGUAGES.flatMap((lang) => LEXICONS[lang].everydayWords.map(normalize)));
