/**
 * The peer for the understanding benchmark: nlp.js (node-nlp 4, its neural intent classifier and named-entity
 * extraction), trained on exactly our training utterances (data/nlu, the None examples as its None intent) and given
 * the entity knowledge our recognizer has: every status title and alias of both languages as an enum entity whose
 * options are our status keys (the list src/nlu/entities/statusLexicon.ts builds its matcher from), the corpus'
 * campaign names as another, contact ids as a regex, and phone numbers from its built-in extractors.
 */
import { NlpManager, type NlpEntity } from 'node-nlp';
import { allEntries } from '../../src/content/knowledgeBase';
import { LANGUAGES, type Lang } from '../../src/domain/language';
import type { TrainingCorpus } from '../../src/nlu/corpus';
import type { Prediction } from '../../src/nlu/evaluate';

/** Every title and alias of every status entry in both languages, by status key (a Spanish user may type "busy"). */
export function statusAliases(): Map<string, string[]> {
  const byKey = new Map<string, Set<string>>();
  for (const lang of LANGUAGES) {
    for (const entry of allEntries(lang)) {
      const texts = byKey.get(entry.key) ?? new Set<string>();
      for (const text of [entry.title, ...entry.aliases]) if (text.trim()) texts.add(text.trim());
      byKey.set(entry.key, texts);
    }
  }
  return new Map([...byKey].map(([key, texts]) => [key, [...texts]]));
}

/** The statuses nlp.js found, in the order they appear in the text (one mention naming two keys gives both). */
function statusesOf(entities: readonly NlpEntity[]): string[] {
  return entities
    .filter((e) => e.entity === 'status' && typeof e.option === 'string')
    .sort((a, b) => a.start - b.start)
    .map((e) => e.option!);
}

export class NlpJsPeer {
  private constructor(private readonly manager: NlpManager) {}

  static async train(corpora: Record<Lang, TrainingCorpus>): Promise<NlpJsPeer> {
    const languages = [...LANGUAGES];
    const manager = new NlpManager({
      languages,
      // extract entities on every utterance (nlp.js does only when slots are defined otherwise), and classify the
      // text with the entities replaced too, keeping the better reading: its documented way to use entities
      forceNER: true,
      autoSave: false,
      autoLoad: false,
      // sentiment is no part of understanding here; it would only add time
      calculateSentiment: false,
      // no per-epoch training log
      nlu: { log: false },
      // its built-in extractors: phone numbers only, the one kind our recognizer also reads (no dates, no amounts)
      ner: { builtins: ['PhoneNumber'], allowList: ['phonenumber'] },
    });
    for (const [key, texts] of statusAliases()) manager.addNamedEntityText('status', key, languages, texts);
    const campaigns = new Set(LANGUAGES.flatMap((lang) => corpora[lang].campaigns));
    for (const name of campaigns) manager.addNamedEntityText('campaign', name, languages, [name]);
    manager.addRegexEntity('contact', languages, /\b[Cc]-?\d{1,9}\b/g);
    for (const lang of LANGUAGES) {
      for (const [intent, utterances] of Object.entries(corpora[lang].intents)) {
        for (const text of utterances ?? []) manager.addDocument(lang, text, intent);
      }
    }
    await manager.train();
    return new NlpJsPeer(manager);
  }

  /** nlp.js reading of `text` in `lang` (given, not guessed: see nluBench.ts). */
  async predict(lang: Lang, text: string): Promise<Prediction> {
    const result = await this.manager.process(lang, text);
    return { intent: result.intent, statuses: statusesOf(result.entities ?? []) };
  }
}
