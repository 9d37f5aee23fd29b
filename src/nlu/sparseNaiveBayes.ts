import type { BayesClassifier } from 'natural/lib/natural/classifiers';
import { sortSmall } from './smallSort';

export interface LabelScore {
  label: string;
  value: number;
}

/**
 * The classifications natural's trained BayesClassifier gives, computed from the features a message has instead of
 * a 0/1 vector over the whole vocabulary (natural's `textToFeatures` builds one per call and scans the message for
 * every known feature). The tables are read once from the trained classifier, and the arithmetic is natural's
 * (apparatus' `probabilityOfClass`) step for step, in its order, so the values are the same numbers.
 */
export class SparseNaiveBayes {
  /** Each feature's position in natural's feature vector. */
  private readonly positions = new Map<string, number>();
  private readonly labels: string[];
  /** Per label and position: log(count / class total), with natural's smoothing for features the label never saw. */
  private readonly logLikelihoods: Float64Array[];
  private readonly priors: number[];
  /** Positions of the current message's features, reused between calls. */
  private present = new Int32Array(64);

  constructor(trained: BayesClassifier) {
    const { classFeatures, classTotals, totalExamples, smoothing } = trained.classifier;
    // natural walks `for (feature in this.features)`: Object.keys has that order
    const features = Object.keys(trained.features);
    features.forEach((feature, position) => this.positions.set(feature, position));
    this.labels = Object.keys(classFeatures);
    this.priors = this.labels.map((label) => classTotals[label] / totalExamples);
    this.logLikelihoods = this.labels.map((label) => {
      const counts = classFeatures[label];
      const logs = new Float64Array(features.length);
      for (let position = 0; position < features.length; position++) logs[position] = Math.log((counts[position] || smoothing) / classTotals[label]);
      return logs;
    });
  }

  /** What natural's `getClassifications(features)` returns: every label with its unnormalised likelihood, best first. */
  classify(features: readonly string[]): LabelScore[] {
    if (this.present.length < features.length) this.present = new Int32Array(features.length);
    let count = 0;
    for (const feature of features) {
      const position = this.positions.get(feature);
      if (position !== undefined && !includes(this.present, count, position)) this.present[count++] = position;
    }
    sortDescending(this.present, count);
    const scores: LabelScore[] = [];
    for (let l = 0; l < this.labels.length; l++) {
      const logs = this.logLikelihoods[l];
      // natural sums from the last feature position to the first; floating-point addition depends on the order
      let logProbability = 0;
      for (let k = 0; k < count; k++) logProbability += logs[this.present[k]];
      scores.push({ label: this.labels[l], value: this.priors[l] * Math.exp(logProbability) });
    }
    return sortSmall(scores, (x, y) => y.value - x.value);
  }
}

function includes(values: Int32Array, count: number, value: number): boolean {
  for (let i = 0; i < count; i++) if (values[i] === value) return true;
  return false;
}

/** Insertion sort: a message has a few dozen features at most. */
function sortDescending(values: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const value = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] < value) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = value;
  }
}
