import { BayesClassifier } from 'natural/lib/natural/classifiers';
import { INTENTS, isIntent, type Intent } from './intents';

export interface IntentScore {
  intent: Intent;
  score: number;
}

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
 */
export class IntentClassifier {
  private readonly bayes: BayesClassifier;
  private readonly vocabulary = new Set<string>();

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
      if (features.length > 0) this.bayes.addDocument(this.known(features), intent);
    }
    this.bayes.train();
  }

  /** Share of a message's words the classifier knows: low coverage means the message is about something else. */
  coverage(features: readonly string[]): number {
    const words = features.filter(isWord);
    if (words.length === 0) return 1;
    return words.filter((word) => this.vocabulary.has(word)).length / words.length;
  }

  classify(features: readonly string[]): IntentScore[] {
    const known = [...new Set(this.known(features))].slice(0, MAX_FEATURES);
    const raw = this.bayes.getClassifications(known);
    const total = raw.reduce((sum, c) => sum + c.value, 0);
    if (!(total > 0)) return [{ intent: 'None', score: 1 }, ...INTENTS.filter((i) => i !== 'None').map((intent) => ({ intent, score: 0 }))];
    return raw
      .filter((c) => isIntent(c.label))
      .map((c) => ({ intent: c.label as Intent, score: c.value / total }))
      .sort((a, b) => b.score - a.score);
  }

  private known(features: readonly string[]): string[] {
    return features.map((feature) => (this.vocabulary.has(feature) ? feature : UNKNOWN));
  }
}
