import type { Lang } from '../domain/language';
import type { LabelledUtterance } from './corpus';

export interface Prediction {
  intent: string;
  statuses: readonly string[];
  language?: Lang;
}

export interface IntentTally {
  total: number;
  correct: number;
}

export interface EvaluationError {
  text: string;
  expected: string;
  got: string;
  kind: 'intent' | 'status' | 'language';
}

export interface EvaluationReport {
  lang: Lang;
  total: number;
  intentCorrect: number;
  perIntent: Map<string, IntentTally>;
  statusTotal: number;
  statusCorrect: number;
  outOfScopeTotal: number;
  outOfScopeCaught: number;
  /** In-scope lines read as out of scope. */
  inScopeTotal: number;
  inScopeReadAsNone: number;
  languageTotal: number;
  languageCorrect: number;
  /** expected intent -> predicted intent -> count, over every line. */
  confusion: Map<string, Map<string, number>>;
  errors: EvaluationError[];
}

export function emptyReport(lang: Lang): EvaluationReport {
  return {
    lang,
    total: 0,
    intentCorrect: 0,
    perIntent: new Map(),
    statusTotal: 0,
    statusCorrect: 0,
    outOfScopeTotal: 0,
    outOfScopeCaught: 0,
    inScopeTotal: 0,
    inScopeReadAsNone: 0,
    languageTotal: 0,
    languageCorrect: 0,
    confusion: new Map(),
    errors: [],
  };
}

/** A line's intent is right when it is the labelled one or one of its equally right alternatives. */
function intentIsRight(line: LabelledUtterance, got: string): boolean {
  return got === line.intent || (line.intentAny?.includes(got) ?? false);
}

/** The first status is the labelled one; on a truly ambiguous line, asking back with keys among `statusAny` is right too. */
function statusIsRight(line: LabelledUtterance, got: readonly string[]): boolean {
  if (got[0] === line.status) return true;
  return line.statusAny !== undefined && got.length > 0 && got.every((key) => line.statusAny!.includes(key));
}

/**
 * Scores any recognizer (ours or a peer) on a labelled set, as users see it: the top intent, the first status entity,
 * out-of-scope recall, in-scope lines wrongly read as out of scope, the answer language where the set labels it.
 */
export function evaluate(lang: Lang, lines: readonly LabelledUtterance[], predict: (line: LabelledUtterance) => Prediction, into = emptyReport(lang)): EvaluationReport {
  const report = into;
  for (const line of lines) {
    const prediction = predict(line);
    const tally = report.perIntent.get(line.intent) ?? { total: 0, correct: 0 };
    tally.total++;
    report.total++;
    const row = report.confusion.get(line.intent) ?? new Map<string, number>();
    row.set(prediction.intent, (row.get(prediction.intent) ?? 0) + 1);
    report.confusion.set(line.intent, row);
    if (intentIsRight(line, prediction.intent)) {
      tally.correct++;
      report.intentCorrect++;
    } else {
      report.errors.push({ text: line.text, expected: line.intent, got: prediction.intent, kind: 'intent' });
    }
    report.perIntent.set(line.intent, tally);
    if (line.intent === 'None') {
      report.outOfScopeTotal++;
      if (prediction.intent === 'None') report.outOfScopeCaught++;
    } else if (!line.intentAny?.includes('None')) {
      report.inScopeTotal++;
      if (prediction.intent === 'None') report.inScopeReadAsNone++;
    }
    if (line.status) {
      report.statusTotal++;
      if (statusIsRight(line, prediction.statuses)) report.statusCorrect++;
      else report.errors.push({ text: line.text, expected: line.status, got: prediction.statuses.join(',') || '(none)', kind: 'status' });
    }
    if (line.lang && prediction.language) {
      report.languageTotal++;
      if (prediction.language === line.lang) report.languageCorrect++;
      else report.errors.push({ text: line.text, expected: line.lang, got: prediction.language, kind: 'language' });
    }
  }
  return report;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}
