import { allEntries } from '../content/knowledgeBase';
import { LANGUAGES, type Lang } from '../domain/language';
import type { TrainingCorpus } from './corpus';
import { LANGUAGE_PARTS } from './languages';
import { LEXICONS } from './lexicon';
import { normalize } from './normalize';

/** Every word the bot knows in both languages: the training corpora, the knowledge base's text and the lexicons. */
export function knownVocabulary(corpora: Record<Lang, TrainingCorpus>): Set<string> {
  const words = new Set<string>();
  const addText = (text: string): void => {
    for (const word of normalize(text).split(' ')) if (word) words.add(word);
  };
  for (const lang of LANGUAGES) {
    for (const lines of Object.values(corpora[lang].intents)) for (const line of lines ?? []) addText(line);
    for (const entry of allEntries(lang)) {
      for (const text of [entry.title, entry.tagline, entry.meaning, entry.action, entry.value, entry.example, ...entry.aliases, ...entry.details]) addText(text);
    }
    const lexicon = LEXICONS[lang];
    for (const list of [lexicon.speakerPhrases, lexicon.learnWords, lexicon.courseWords, lexicon.callWords, lexicon.campaignWords, lexicon.improveWords, lexicon.countWords, lexicon.everydayWords, lexicon.labelCues, lexicon.meaningWords, lexicon.followUpWords, lexicon.listWords, lexicon.manyCampaignWords, lexicon.manyContactWords, lexicon.whichWords, lexicon.adviceWords, lexicon.alertWords]) {
      for (const phrase of list) addText(phrase);
    }
    for (const phrases of Object.values(lexicon.statusPhrases)) for (const phrase of phrases) addText(phrase);
    for (const word of LANGUAGE_PARTS[lang].stopwords) words.add(word);
    for (const word of LANGUAGE_PARTS[lang].markers) words.add(word);
  }
  return words;
}
