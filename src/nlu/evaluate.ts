import type { Lang } from '../domain/language';
import type { LabelledUtterance } from './corpus';
import type { Intent } from '../domain/intents';

export interface Prediction {
  intent: string;
  statuses: readonly string[];
}

export interface IntentTally {
  total: number;
  correct: number;
}

export interface EvaluationReport {
  lang: Lang;
  total: number;
  intentCorrect: number;
  perIntent: Map<Intent, IntentTally>;
  statusTotal: number;
  statusCorrect: number;
  outOfScopeTotal: number;
  outOfScopeCaught: number;
  errors: { text: string; expected: string; got: string; kind: 'intent' | 'status' }[];
}

/** Scores any recognizer (ours or a peer) on a labelled set: intent accuracy, status-key accuracy, out-of-scope recall. */
export function evaluate(lang: Lang, lines: readonly LabelledUtterance[], predict: (text: string) => Prediction): EvaluationReport {
  const report: EvaluationReport = {
    lang,
    total: 0,
    intentCorrect: 0,
    perIntent: new Map(),
    statusTotal: 0,
    statusCorrect: 0,
    outOfScopeTotal: 0,
    outOfScopeCaught: 0,
    errors: [],
  };
  for (const line of lines) {
    const prediction = predict(line.text);
    const tally = report.perIntent.get(line.intent) ?? { total: 0, correct: 0 };
    tally.total++;
    report.total++;
    if (prediction.intent === line.intent) {
      tally.correct++;
      report.intentCorrect++;
    } else {
      report.errors.push({ text: line.text, expected: line.intent, got: prediction.intent, kind: 'intent' });
    }
    report.perIntent.set(line.intent, tally);
    if (line.intent === 'None') {
      report.outOfScopeTotal++;
      if (prediction.intent === 'None') report.outOfScopeCaught++;
    }
    if (line.status) {
      report.statusTotal++;
      if (prediction.statuses[0] === line.status) report.statusCorrect++;
      else report.errors.push({ text: line.text, expected: line.status, got: prediction.statuses.join(',') || '(none)', kind: 'status' });
    }
  }
  return report;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}
