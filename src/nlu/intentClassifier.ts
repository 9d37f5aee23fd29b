import type { BayesClassifier as NaturalBayes } from 'natural/lib/natural/classifiers';

// natural's Bayes classifier alone: its classifiers index also loads maxent and logistic regression (about 300 ms and
// 25 MB of a start-up for nothing)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier') as typeof NaturalBayes;
type BayesClassifier = NaturalBayes;
import { INTENTS, isIntent, type Intent } from '../domain/intents';
import type { IntentScore } from '../domain/recognition';
import { sortSmall } from './smallSort';
import { SparseNaiveBayes } from './sparseNaiveBayes';

/** Long messages are cut to this many distinct features: enough to classify, and it keeps Bayes' products from underflowing. */
const MAX_FEATURES = 40;
/** Stands for a word the classifier has not learnt. */
const UNKNOWN = '#unk';

const isWord = (feature: string): boolean => !feature.startsWith('#');

/**
 * natural's naive Bayes over our own features (stems, entity placeholders, a length bucket).
 * Words seen in only one training utterance are learnt as "#unk", as language models do with rare words, so the
 * classifier learns how much unknown words say: a lot for "I'm busy tonight" (out of scope), little for a status question.
 * Its outputs are unnormalised likelihoods; they become scores that sum to 1 before anyone compares them to a threshold.
 * natural trains; the trained counts are then read into a SparseNaiveBayes, which gives the same numbers per message
 * without natural's dense vector over the whole vocabulary.
 */
export class IntentClassifier {
  private readonly bayes: BayesClassifier;
  private readonly vocabulary = new Set<string>();
  private model: SparseNaiveBayes | undefined;

  /** A small smoothing keeps one telling word ("help", "hola") from being drowned by every class's unseen-word mass. */
  constructor(private readonly options: { smoothing?: number; learnUnknown?: boolean } = {}) {
    this.bayes = new BayesClassifier(undefined, options.smoothing ?? 0.03);
  }

  train(examples: readonly { features: string[]; intent: Intent }[]): void {
    const documentFrequency = new Map<string, number>();
    for (const { features } of examples) {
      for (const feature of new Set(features)) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
    const minCount = this.options.learnUnknown ? 2 : 1;
    for (const [feature, count] of documentFrequency) if (count >= minCount || !isWord(feature)) this.vocabulary.add(feature);
    for (const { features, intent } of examples) {
      if (features.length > 0) this.bayes.addDocument(features.map((feature) => this.known(feature)), intent);
    }
    this.bayes.train();
    this.model = new SparseNaiveBayes(this.bayes);
  }

  /** Share of a message's words the classifier knows: low coverage means the message is about something else. */
  coverage(features: readonly string[]): number {
    let words = 0;
    let known = 0;
    for (const feature of features) {
      // an entity (a status, a campaign) is a word the bot knows
      if (feature === '#status' || feature === '#campaign') {
        words++;
        known++;
      }
      if (!isWord(feature)) continue;
      words++;
      if (this.vocabulary.has(feature)) known++;
    }
    return words === 0 ? 1 : known / words;
  }

  classify(features: readonly string[]): IntentScore[] {
    const raw = this.model?.classify(this.distinctKnown(features)) ?? [];
    let total = 0;
    for (const c of raw) total += c.value;
    if (!(total > 0)) return [{ intent: 'None', score: 1 }, ...INTENTS.filter((i) => i !== 'None').map((intent) => ({ intent, score: 0 }))];
    const scores: IntentScore[] = [];
    for (const c of raw) if (isIntent(c.label)) scores.push({ intent: c.label, score: c.value / total });
    return sortSmall(scores, (a, b) => b.score - a.score);
  }

  /** The first MAX_FEATURES distinct features, unknown words read as UNKNOWN. */
  private distinctKnown(features: readonly string[]): string[] {
    const distinct: string[] = [];
    for (const feature of features) {
      const known = this.known(feature);
      if (distinct.includes(known)) continue;
      distinct.push(known);
      if (distinct.length === MAX_FEATURES) break;
    }
    return distinct;
  }

  private known(feature: string): string {
    return this.vocabulary.has(feature) ? feature : UNKNOWN;
  }
}
