import { LANGUAGES, otherLang, resolveLanguage, type Lang } from '../domain/language';
import { loadTrainingCorpus, type TrainingCorpus } from './corpus';
import { detectLanguageFromText } from './detectLanguage';
import { buildCampaignMatcher } from './entities/campaignNames';
import { extractIdentifiers } from './entities/identifiers';
import { aspectMatcher, languageNameMatcher } from './entities/keywords';
import { buildStatusMatcher } from './entities/statusLexicon';
import { toFeatures, type Span } from './features';
import { IntentClassifier } from './intentClassifier';
import type { Intent } from '../domain/intents';
import type { AmbiguousMention, CampaignRef, Entities, IntentScore, LanguageSource, Recognition, RecognizeInput } from '../domain/recognition';
import { LANGUAGE_PARTS } from './languages';
import { cleanMarkup, foldCase, normalize } from './normalize';
import type { PhraseMatcher } from './phraseMatcher';

export interface RecognizerOptions {
  campaigns?: readonly CampaignRef[];
  corpora?: Partial<Record<Lang, TrainingCorpus>>;
}

/** Below this normalised score the top intent is not trusted and the message is out of scope. */
export const INTENT_THRESHOLD = 0.4;
/** Below this share of known words, a message with no entity is about something else. */
const MIN_COVERAGE = 0.5;
/** Above this score of the in-scope/out-of-scope reading, the message is out of scope whatever the intents say. */
const OUT_OF_SCOPE_THRESHOLD = 0.6;
/** With an entity in it, a message may carry more unknown words ("what do I check first on failed calls"). */
const MIN_COVERAGE_WITH_ENTITY = 0.34;
/** Intents closer than this are worth a question, for the pairs where asking beats guessing. */
const CLOSE_MARGIN = 0.12;
const ASKABLE_PAIRS = new Set(['contact.attempts|contact.why_bad', 'campaign.insights|campaign.summary']);

interface Analysis {
  language: Lang;
  languageSource: LanguageSource;
  tokens: string[];
  spans: Span[];
  placeholders: string[];
  entities: Entities;
  ambiguousStatus?: AmbiguousMention;
  campaigns: CampaignRef[];
}

/** The whole language pipeline, free of any bot framework: plain text in, a plain recognition out. */
export class Recognizer {
  private readonly statusMatcher = buildStatusMatcher();
  private campaignMatcher: PhraseMatcher<CampaignRef>;
  private readonly classifiers = {} as Record<Lang, { intents: IntentClassifier; scope: IntentClassifier }>;

  constructor(options: RecognizerOptions = {}) {
    for (const lang of LANGUAGES) {
      const corpus = options.corpora?.[lang] ?? loadTrainingCorpus(lang);
      this.classifiers[lang] = this.train(lang, corpus);
    }
    this.campaignMatcher = buildCampaignMatcher(options.campaigns ?? []);
  }

  /** The data layer calls this whenever its list of campaigns changes. */
  setCampaigns(campaigns: readonly CampaignRef[]): void {
    this.campaignMatcher = buildCampaignMatcher(campaigns);
  }

  recognize(input: RecognizeInput): Recognition {
    const analysis = this.analyse(input.text, this.campaignMatcher, input);
    const features = toFeatures(analysis.tokens, analysis.spans, analysis.language, analysis.placeholders);
    const hasEntity = analysis.spans.length > 0 || analysis.entities.contact.length + analysis.entities.phone.length > 0;
    if (analysis.tokens.length === 0 && !hasEntity) return this.nothingToRead(input.text, analysis);
    let intents = this.classifyIn(analysis.language, features, hasEntity);
    if (intents[0].intent === 'None') {
      const other = this.classifyIn(otherLang(analysis.language), toFeatures(analysis.tokens, analysis.spans, otherLang(analysis.language), analysis.placeholders), hasEntity);
      if (other[0].intent !== 'None') intents = other;
    }
    const [first, second] = intents;
    const closeIntents =
      first.intent !== 'None' && second && first.score - second.score < CLOSE_MARGIN && ASKABLE_PAIRS.has([first.intent, second.intent].sort().join('|'))
        ? ([first.intent, second.intent] as [Intent, Intent])
        : undefined;
    return {
      text: input.text,
      language: analysis.language,
      languageSource: analysis.languageSource,
      intent: first.intent,
      score: first.score,
      intents,
      entities: analysis.entities,
      ambiguousStatus: analysis.ambiguousStatus,
      closeIntents,
      campaigns: analysis.campaigns,
    };
  }

  /** Emoji, symbols, a lone "?": no words to classify, so out of scope rather than a guess. */
  private nothingToRead(text: string, analysis: Analysis): Recognition {
    const intents: IntentScore[] = [{ intent: 'None', score: 1 }];
    return { text, language: analysis.language, languageSource: analysis.languageSource, intent: 'None', score: 1, intents, entities: analysis.entities, campaigns: [] };
  }

  /** Classifier scores, with None put first when the top reading is weak or the words are mostly unknown. */
  private classifyIn(lang: Lang, features: string[], hasEntity: boolean): IntentScore[] {
    const { intents, scope } = this.classifiers[lang];
    const scores = intents.classify(features);
    const top = scores[0];
    const outOfScope = scope.classify(features).find((s) => s.intent === 'None')?.score ?? 0;
    const unsure =
      top.score < INTENT_THRESHOLD || outOfScope > OUT_OF_SCOPE_THRESHOLD || intents.coverage(features) < (hasEntity ? MIN_COVERAGE_WITH_ENTITY : MIN_COVERAGE);
    if (top.intent === 'None' || !unsure) return scores;
    return [{ intent: 'None', score: Math.max(outOfScope, 1 - top.score) }, ...scores.filter((s) => s.intent !== 'None')];
  }

  private train(lang: Lang, corpus: TrainingCorpus): { intents: IntentClassifier; scope: IntentClassifier } {
    const matcher = buildCampaignMatcher(corpus.campaigns.map((name) => ({ id: name, name })));
    const examples: { features: string[]; intent: Intent }[] = [];
    for (const [intent, utterances] of Object.entries(corpus.intents) as [Intent, string[]][]) {
      for (const text of utterances) {
        const analysis = this.analyse(text, matcher, { text, preferredLanguage: lang });
        examples.push({ intent, features: toFeatures(analysis.tokens, analysis.spans, lang, analysis.placeholders) });
      }
    }
    const intents = new IntentClassifier();
    intents.train(examples);
    // A second, two-way reading (in scope or not) that learns rare words as unknown: it is what spots "I'm busy tonight".
    const scope = new IntentClassifier({ learnUnknown: true });
    scope.train(examples.map(({ features, intent }) => ({ features, intent: intent === 'None' ? 'None' : 'help' })));
    return { intents, scope };
  }

  private analyse(text: string, campaignMatcher: PhraseMatcher<CampaignRef>, input: RecognizeInput): Analysis {
    const cleaned = cleanMarkup(text);
    const ids = extractIdentifiers(cleaned);
    const normalized = normalize(ids.rest);
    const roughTokens = normalized ? normalized.split(' ') : [];
    const folded = foldCase(ids.rest);
    const fromText = detectLanguageFromText(folded, roughTokens, folded !== ids.rest.toLowerCase());
    const { language, source: languageSource } = resolveLanguage({ preferred: input.preferredLanguage, fromText, locale: input.locale, last: input.lastLanguage });
    const tokens = normalized ? LANGUAGE_PARTS[language].tokenize(normalized) : [];

    const campaignHits = campaignMatcher.match(tokens);
    const masked = tokens.map((token, i) => (campaignHits.some((h) => i >= h.start && i < h.end) ? '\u0000' : token));
    const statusHits = this.statusMatcher.match(masked);
    const spans: Span[] = [
      ...campaignHits.map((h) => ({ start: h.start, end: h.end, placeholders: ['#campaign'] })),
      ...statusHits.map((h) => ({ start: h.start, end: h.end, placeholders: ['#status', ...h.values.map((key) => `#status:${key}`)] })),
    ];
    const campaigns = unique(campaignHits.flatMap((h) => h.values));
    const ambiguous = statusHits.find((h) => h.values.length > 1);
    return {
      language,
      languageSource,
      tokens,
      spans,
      // naive Bayes only weighs features that are present, so the absence of any contact or phone is made one.
      placeholders: ids.contacts.length + ids.phones.length > 0 ? [...ids.contacts.map(() => '#contact'), ...ids.phones.map(() => '#phone')] : ['#noid'],
      entities: {
        status: unique(statusHits.filter((h) => h.values.length === 1).flatMap((h) => h.values)),
        contact: ids.contacts,
        phone: ids.phones,
        campaign: campaigns.map((c) => c.name),
        language: unique(languageNameMatcher.match(tokens).flatMap((h) => h.values)),
        aspect: unique(aspectMatcher.match(tokens).flatMap((h) => h.values)),
      },
      ambiguousStatus: ambiguous && { term: tokens.slice(ambiguous.start, ambiguous.end).join(' '), keys: ambiguous.values },
      campaigns,
    };
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
