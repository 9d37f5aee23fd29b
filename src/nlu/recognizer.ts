import { LANGUAGES, otherLang, resolveLanguage, type Lang } from '../domain/language';
import { loadTrainingCorpus, type TrainingCorpus } from './corpus';
import { expandChatSpeak } from './chatSpeak';
import { findCues, hasCue, type CueSpan } from './cueWords';
import { detectLanguage } from './detectLanguage';
import { buildCampaignMatcher } from './entities/campaignNames';
import { extractIdentifiers } from './entities/identifiers';
import { readListFilters } from './entities/listFilters';
import { readAlertWords } from './entities/alertWords';
import { aspectMatcher, languageNameMatcher } from './entities/keywords';
import { buildStatusMatcher } from './entities/statusLexicon';
import { toFeatures, type Span } from './features';
import { IntentClassifier } from './intentClassifier';
import { isAlertIntent, type Intent } from '../domain/intents';
import type { AmbiguousMention, CampaignRef, Entities, IntentScore, LanguageSource, Recognition, RecognizeInput } from '../domain/recognition';
import { groupOf, type StatusKey } from '../domain/statusKeys';
import { applyIntentRules } from './intentRules';
import { cleanMarkup, foldCase, normalize } from './normalize';
import type { PhraseMatcher } from './phraseMatcher';
import { withoutSpeakerWords } from './speaker';
import { SpellingCorrector } from './spelling';
import { chooseStatuses, type StatusMention } from './statusChoice';
import { StatusRetrieval } from './statusRetrieval';
import { spellOutSymbols } from './symbols';
import { knownVocabulary } from './vocabulary';

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
/** The same, for a status question that names no status and follows up on none. */
const STATUSLESS_OUT_OF_SCOPE_THRESHOLD = 0.4;
/** With an entity in it, a message may carry more unknown words ("what do I check first on failed calls"). */
const MIN_COVERAGE_WITH_ENTITY = 0.34;
/** A status question about the dialer is in scope when the classifier gives it at least this score. */
const DIALER_STATUS_MIN_SCORE = 0.05;
/** Intents closer than this are worth a question, for the pairs where asking beats guessing. */
const CLOSE_MARGIN = 0.12;
const ASKABLE_PAIRS = new Set(['contact.attempts|contact.why_bad', 'campaign.insights|campaign.summary']);

/** What the message holds that moves the line between in scope and out of scope. */
interface ScopeGate {
  hasEntity: boolean;
  /** "what does X mean" with X named as written: the bot's own question, whatever else the message says. */
  asksMeaning: boolean;
  /** No status named, described or followed up on. */
  nothingToExplain: boolean;
  /** A word that asks to be told ("notify", "avísame", "alerts"): without one, no alert reading is possible. */
  alertAsked: boolean;
}

interface Analysis {
  language: Lang;
  languageSource: LanguageSource;
  tokens: string[];
  spans: Span[];
  placeholders: string[];
  entities: Entities;
  ambiguousStatus?: AmbiguousMention;
  campaigns: CampaignRef[];
  cues: CueSpan[];
  /** The entry the message describes without naming it, when no alias matched. */
  retrieved?: StatusKey;
  callReading?: StatusKey;
}

/** The whole language pipeline, free of any bot framework: plain text in, a plain recognition out. */
export class Recognizer {
  private readonly statusMatcher: PhraseMatcher<StatusKey>;
  private campaignMatcher: PhraseMatcher<CampaignRef>;
  private readonly retrieval = new StatusRetrieval();
  private readonly spelling: SpellingCorrector;
  /**
   * Per language, two readings: `alerts` learnt from every training line, `plain` from those without a word that asks
   * to be told ("notify", "avísame", "alerts") and no alert request among them. A message without such a word is read
   * by `plain`, so the alert requests' everyday words ("when", "stop", "apaga") change nothing for other questions.
   */
  private readonly classifiers = {} as Record<Lang, { plain: Readings; alerts: () => Readings }>;

  constructor(options: RecognizerOptions = {}) {
    const corpora = Object.fromEntries(LANGUAGES.map((lang) => [lang, options.corpora?.[lang] ?? loadTrainingCorpus(lang)])) as Record<Lang, TrainingCorpus>;
    this.spelling = new SpellingCorrector(knownVocabulary(corpora));
    this.statusMatcher = buildStatusMatcher();
    for (const lang of LANGUAGES) this.classifiers[lang] = this.train(lang, corpora[lang]);
    this.campaignMatcher = buildCampaignMatcher(options.campaigns ?? []);
  }

  /** Trains now the readings otherwise trained on the first alert request of each language (a server's warm-up). */
  trainAlertReadings(): void {
    for (const lang of LANGUAGES) this.classifiers[lang].alerts();
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
    const intents = this.readIntents(analysis, features, hasEntity);
    if (analysis.retrieved && intents[0].intent === 'status.explain') analysis.entities.status = [analysis.retrieved];
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
      ...(analysis.callReading && { callReading: analysis.callReading }),
      closeIntents,
      followUp: analysis.entities.aspect.length > 0 || hasCue(analysis.cues, 'followUp'),
      campaigns: analysis.campaigns,
    };
  }

  /**
   * The classifier's ranking in the message's language (in the other one when that reads it and the words did not say
   * which), gated between in scope and out of scope, then what the words rule out or in.
   */
  private readIntents(analysis: Analysis, features: string[], hasEntity: boolean): IntentScore[] {
    const named = analysis.entities.status.length > 0;
    const mentioned = named || analysis.ambiguousStatus !== undefined || analysis.retrieved !== undefined;
    const gate: ScopeGate = {
      hasEntity,
      asksMeaning: named && hasCue(analysis.cues, 'meaning'),
      nothingToExplain: !mentioned && analysis.entities.aspect.length === 0 && !hasCue(analysis.cues, 'followUp'),
      alertAsked: hasCue(analysis.cues, 'alert'),
    };
    let intents = this.classifyIn(analysis.language, features, gate);
    if (intents[0].intent === 'None' && analysis.languageSource !== 'text') {
      const other = otherLang(analysis.language);
      const otherReading = this.classifyIn(other, toFeatures(analysis.tokens, analysis.spans, other, analysis.placeholders), gate);
      if (otherReading[0].intent !== 'None') intents = otherReading;
    }
    const campaignNamedInFull = analysis.spans.some((span) => span.placeholders[0] === '#campaign' && span.end - span.start > 1);
    if (intents[0].intent === 'None' && mentioned && campaignNamedInFull) {
      // a status and a campaign named in full are a question about that campaign's calls, however it is worded
      // (one distinctive word of a name, "friday", may be anything)
      const best = intents.find((s) => s.intent === 'status.explain' || s.intent === 'campaign.summary' || s.intent === 'campaign.insights');
      if (best) intents = [best, ...intents.filter((s) => s !== best)];
    } else if (intents[0].intent === 'None' && this.aboutTheDialer(analysis)) {
      const explain = intents.find((s) => s.intent === 'status.explain');
      if (explain && explain.score >= DIALER_STATUS_MIN_SCORE) intents = [explain, ...intents.filter((s) => s !== explain)];
    }
    return applyIntentRules(intents, {
      cues: analysis.cues,
      statusNamed: mentioned,
      campaignNamed: analysis.campaigns.length > 0,
      asksAspect: analysis.entities.aspect.length > 0,
      contactNamed: analysis.entities.contact.length + analysis.entities.phone.length > 0,
      listAsked: analysis.entities.list.conditions.length > 0,
      rankAsked: analysis.entities.list.order !== undefined,
      alertCondition: gate.alertAsked && (analysis.entities.alert.changes.length > 0 || analysis.entities.alert.percent !== undefined),
    });
  }

  /** A status placed on calls, contacts or campaigns: the message is about the dialer. */
  private aboutTheDialer(analysis: Analysis): boolean {
    const named = analysis.entities.status.length > 0 || analysis.ambiguousStatus !== undefined;
    return named && (hasCue(analysis.cues, 'call') || hasCue(analysis.cues, 'campaign') || analysis.campaigns.length > 0);
  }

  /** Emoji, symbols, a lone "?": no words to classify, so out of scope rather than a guess. */
  private nothingToRead(text: string, analysis: Analysis): Recognition {
    const intents: IntentScore[] = [{ intent: 'None', score: 1 }];
    return { text, language: analysis.language, languageSource: analysis.languageSource, intent: 'None', score: 1, intents, entities: analysis.entities, followUp: false, campaigns: [] };
  }

  /** Classifier scores, with None put first when the top reading is weak or the words are mostly unknown. */
  private classifyIn(lang: Lang, features: string[], { hasEntity, asksMeaning, nothingToExplain, alertAsked }: ScopeGate): IntentScore[] {
    const { intents, scope } = alertAsked ? this.classifiers[lang].alerts() : this.classifiers[lang].plain;
    const scores = intents.classify(features);
    const top = scores[0];
    const outOfScope = scope.classify(features).find((s) => s.intent === 'None')?.score ?? 0;
    // a status question with no status, no follow-up and half its words unknown is about something else
    const outOfScopeLimit = nothingToExplain && top.intent === 'status.explain' ? STATUSLESS_OUT_OF_SCOPE_THRESHOLD : OUT_OF_SCOPE_THRESHOLD;
    const unsure =
      familyScore(scores) < INTENT_THRESHOLD || outOfScope > outOfScopeLimit || intents.coverage(features) < (hasEntity ? MIN_COVERAGE_WITH_ENTITY : MIN_COVERAGE);
    if (top.intent === 'None' || !unsure || (asksMeaning && top.intent === 'status.explain' && top.score >= INTENT_THRESHOLD)) return scores;
    return [{ intent: 'None', score: Math.max(outOfScope, 1 - top.score) }, ...scores.filter((s) => s.intent !== 'None')];
  }

  private train(lang: Lang, corpus: TrainingCorpus): { plain: Readings; alerts: () => Readings } {
    const matcher = buildCampaignMatcher(corpus.campaigns.map((name) => ({ id: name, name })));
    const examples: { features: string[]; intent: Intent; asksToBeTold: boolean }[] = [];
    for (const [intent, utterances] of Object.entries(corpus.intents) as [Intent, string[]][]) {
      for (const text of utterances) {
        const analysis = this.analyse(text, matcher, { text, preferredLanguage: lang }, true);
        examples.push({ intent, features: toFeatures(analysis.tokens, analysis.spans, lang, analysis.placeholders), asksToBeTold: hasCue(analysis.cues, 'alert') });
      }
    }
    // each reading learns from the messages it will read; the alert readings when first needed (a third of the
    // training, which most recognizers, in tests above all, never use)
    let alerts: Readings | undefined;
    return { plain: readings(examples.filter((example) => !example.asksToBeTold && !isAlertIntent(example.intent))), alerts: () => (alerts ??= readings(examples)) };
  }

  /** `forTraining`: only what the classifier's features need (no described-status search). */
  private analyse(text: string, campaignMatcher: PhraseMatcher<CampaignRef>, input: RecognizeInput, forTraining = false): Analysis {
    const cleaned = cleanMarkup(text);
    const ids = extractIdentifiers(cleaned, campaignWords(campaignMatcher, cleaned));
    const normalized = normalize(spellOutSymbols(ids.rest));
    const typed = expandChatSpeak(normalized ? normalized.split(' ') : []);
    const protectedTokens = campaignMatcher.match(typed);
    const corrected = typed.map((token, i) => (protectedTokens.some((h) => i >= h.start && i < h.end) ? token : this.spelling.correct(token)));
    const tokens = withoutSpeakerWords(corrected);

    const campaignHits = campaignMatcher.match(tokens);
    const masked = tokens.map((token, i) => (campaignHits.some((h) => i >= h.start && i < h.end) ? '\u0000' : token));
    const rawStatusHits = this.statusMatcher.match(masked);
    const fromText = detectLanguage(cleaned, tokens, [...campaignHits, ...rawStatusHits]);
    const { language, source: languageSource } = resolveLanguage({ preferred: input.preferredLanguage, fromText, locale: input.locale, last: input.lastLanguage });
    const cues = findCues(tokens);
    const statusHits = chooseStatuses(rawStatusHits, { tokens, cues, campaignNamed: campaignHits.length > 0 });
    const spans: Span[] = [
      ...campaignHits.map((h) => ({ start: h.start, end: h.end, placeholders: ['#campaign'] })),
      ...statusHits.map((h) => ({ start: h.start, end: h.end, placeholders: ['#status', ...h.keys.map((key) => `#status:${key}`)] })),
    ];
    const campaigns = unique(campaignHits.flatMap((h) => h.values));
    const ambiguous = statusHits.find((h) => h.ambiguous);
    const retrieved = statusHits.length === 0 && !forTraining ? this.retrieval.find(masked, language) : undefined;
    return {
      language,
      languageSource,
      tokens,
      spans,
      cues,
      retrieved: retrieved?.key,
      callReading: callReadingOf(statusHits),
      // naive Bayes only weighs features that are present, so the absence of any contact or phone is made one.
      placeholders: ids.contacts.length + ids.phones.length > 0 ? [...ids.contacts.map(() => '#contact'), ...ids.phones.map(() => '#phone')] : ['#noid'],
      entities: {
        status: unique(statusHits.filter((h) => !h.ambiguous).flatMap((h) => h.keys)),
        contact: ids.contacts,
        phone: ids.phones,
        campaign: campaigns.map((c) => c.name),
        language: unique(languageNameMatcher.match(tokens).flatMap((h) => h.values)),
        aspect: unique(aspectMatcher.match(tokens).flatMap((h) => h.values)),
        list: readListFilters(masked),
        alert: readAlertWords(masked, foldCase(cleaned)),
      },
      ambiguousStatus: ambiguous && { term: tokens.slice(ambiguous.start, ambiguous.end).join(' '), keys: ambiguous.keys },
      campaigns,
    };
  }
}

/** The call state of a campaign status's word placed on a call ("the call shows Planned": New). */
function callReadingOf(mentions: readonly StatusMention[]): StatusKey | undefined {
  const first = mentions.find((m) => !m.ambiguous);
  if (!first?.onCall || groupOf(first.keys[0]) !== 'campaign') return undefined;
  return first.keys.find((key) => groupOf(key) !== 'campaign');
}

/** The intent reading and the in-scope reading of one language. */
interface Readings {
  intents: IntentClassifier;
  scope: IntentClassifier;
}

function readings(examples: readonly { features: string[]; intent: Intent }[]): Readings {
  const intents = new IntentClassifier();
  intents.train(examples);
  // A second, two-way reading (in scope or not) that learns rare words as unknown: it is what spots "I'm busy tonight".
  const scope = new IntentClassifier({ learnUnknown: true });
  scope.train(examples.map(({ features, intent }) => ({ features, intent: intent === 'None' ? 'None' : 'help' })));
  return { intents, scope };
}

/** Readings of one question about campaigns: a campaign's summary or a list of campaigns. */
const CAMPAIGN_FAMILY: ReadonlySet<Intent> = new Set(['campaign.summary', 'campaign.list']);

/**
 * The top reading's score, with the runner-up's added when both are about campaigns ("how is the campaign doing?"
 * splits between one campaign's summary and the list): the question is in scope either way, and the rules pick which.
 */
function familyScore(scores: readonly IntentScore[]): number {
  const [top, second] = scores;
  return second && CAMPAIGN_FAMILY.has(top.intent) && CAMPAIGN_FAMILY.has(second.intent) ? top.score + second.score : top.score;
}

/** Words of the campaign names a message holds ("Q2" in "Welcome Calls Q2"): never a contact id. */
function campaignWords(matcher: PhraseMatcher<CampaignRef>, cleaned: string): Set<string> {
  const tokens = normalize(cleaned).split(' ');
  return new Set(matcher.match(tokens).flatMap((hit) => tokens.slice(hit.start, hit.end)));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
