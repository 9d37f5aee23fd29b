import { allEntries } from '../../content/knowledgeBase';
import { LANGUAGES } from '../../domain/language';
import type { StatusKey } from '../../domain/statusKeys';
import { PhraseMatcher } from '../phraseMatcher';

/** Common words one typo away from an alias ("bust", "fast", "done"...) that must stay themselves. */
const NOT_TYPOS = new Set(['base', 'best', 'bust', 'just', 'must', 'fax', 'past', 'last', 'fast', 'most', 'none', 'note', 'nota', 'fine', 'final', 'casa', 'cosa', 'news']);

/** Every title and alias of every entry, in both languages: a Spanish user may type "busy", an English one "IVR". */
export function buildStatusMatcher(): PhraseMatcher<StatusKey> {
  const matcher = new PhraseMatcher<StatusKey>({ typos: true, noTypos: NOT_TYPOS });
  for (const lang of LANGUAGES) {
    for (const entry of allEntries(lang)) {
      matcher.add(entry.title, entry.key);
      for (const alias of entry.aliases) matcher.add(alias, entry.key);
    }
  }
  return matcher;
}
