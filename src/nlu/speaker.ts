import { LANGUAGES } from '../domain/language';
import { LEXICONS } from './lexicon';
import { PhraseMatcher } from './phraseMatcher';

const speakerMatcher = new PhraseMatcher<true>({ typos: true });
for (const lang of LANGUAGES) for (const phrase of LEXICONS[lang].speakerPhrases) speakerMatcher.add(phrase, true);

/**
 * A role preamble says who is asking, not what ("new hire here:", "soy nuevo en el equipo,"): its words are left out,
 * so "new" reads neither as the status New nor as a wish to start the course.
 */
export function withoutSpeakerWords(tokens: readonly string[]): string[] {
  const hits = speakerMatcher.match(tokens);
  const kept = tokens.filter((_, i) => !hits.some((hit) => i >= hit.start && i < hit.end));
  // a message that is nothing but the preamble ("I'm new") keeps its words: they are the question
  return kept.length === 0 ? [...tokens] : kept;
}
