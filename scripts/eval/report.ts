/** Plain-text tables for `npm run eval`. */
import type { Lang } from '../../src/domain/language';
import { percent, type EvaluationReport } from '../../src/nlu/evaluate';
import { formatTable } from '../bench/table';

export interface Targets {
  intent: number;
  status: number;
  outOfScopeRecall: number;
  falseOutOfScope: number;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? NaN : part / whole);

export function summaryTable(reports: Record<Lang, EvaluationReport>, targets?: Targets): string {
  const langs = Object.keys(reports) as Lang[];
  const rows: string[][] = [];
  const row = (label: string, cell: (r: EvaluationReport) => [number, number], target?: (value: number) => boolean, goal = ''): void => {
    const cells = langs.map((lang) => {
      const [part, whole] = cell(reports[lang]);
      const value = ratio(part, whole);
      const verdict = target && Number.isFinite(value) ? (target(value) ? ' ok' : ' MISS') : '';
      return `${percent(part, whole)} (${part}/${whole})${verdict}`;
    });
    rows.push([label, ...cells, goal]);
  };
  row('intent accuracy', (r) => [r.intentCorrect, r.total], targets && ((v) => v >= targets.intent), targets ? `>= ${targets.intent * 100}%` : '');
  row('status key right', (r) => [r.statusCorrect, r.statusTotal], targets && ((v) => v >= targets.status), targets ? `>= ${targets.status * 100}%` : '');
  row('out-of-scope recall', (r) => [r.outOfScopeCaught, r.outOfScopeTotal], targets && ((v) => v >= targets.outOfScopeRecall), targets ? `>= ${targets.outOfScopeRecall * 100}%` : '');
  row('in scope read as out of scope', (r) => [r.inScopeReadAsNone, r.inScopeTotal], targets && ((v) => v <= targets.falseOutOfScope), targets ? `<= ${targets.falseOutOfScope * 100}%` : '');
  if (langs.some((lang) => reports[lang].languageTotal > 0)) row('language right (no locale sent)', (r) => [r.languageCorrect, r.languageTotal]);
  return formatTable(['', ...langs, 'target'], rows);
}

export function perIntentTable(reports: Record<Lang, EvaluationReport>): string {
  const langs = Object.keys(reports) as Lang[];
  const intents = [...new Set(langs.flatMap((lang) => [...reports[lang].perIntent.keys()]))].sort();
  const rows = intents.map((intent) => [
    intent,
    ...langs.map((lang) => {
      const tally = reports[lang].perIntent.get(intent);
      return tally ? `${percent(tally.correct, tally.total)} (${tally.correct}/${tally.total})` : '-';
    }),
  ]);
  return formatTable(['intent', ...langs], rows);
}

/** Expected intents down, predicted across; only the predicted intents that occur. */
export function confusionTable(report: EvaluationReport): string {
  const expected = [...report.confusion.keys()].sort();
  const predicted = [...new Set([...report.confusion.values()].flatMap((row) => [...row.keys()]))].sort();
  const short = (intent: string): string => intent.replace('campaign.', 'cmp.').replace('contact.', 'ct.').replace('status.', 'st.').replace('course.', 'crs.');
  const rows = expected.map((intent) => [short(intent), ...predicted.map((p) => String(report.confusion.get(intent)?.get(p) ?? '') || '.')]);
  return formatTable(['expected \\ got', ...predicted.map(short)], rows);
}

export function misclassified(report: EvaluationReport): string[] {
  return report.errors.map((e) => `  [${e.kind}] "${e.text}"  expected ${e.expected}, got ${e.got}`);
}
