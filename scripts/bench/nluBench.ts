/**
 * Part 2 of `npm run bench`: our recognizer and nlp.js (nlpPeer.ts), both trained on data/nlu, both scored on the
 * development set data/dev and on the validation set beside the repository (../shared/eval, written outside the
 * project) by the scorer `npm run eval` uses (src/nlu/evaluate.ts): intent accuracy per language, status-key accuracy,
 * out-of-scope recall; and the time of each utterance of both sets, measured one by one after a warm-up pass.
 *
 * Language: our recognizer gets the dev file's language as the activity locale, as `npm run eval` does, and reads the
 * language from the text first (the locale is its fallback). nlp.js is given the dev file's language outright, which
 * can only help it: it never misreads one.
 */
import { LANGUAGES, type Lang } from '../../src/domain/language';
import { loadDevSet, loadTrainingCorpus, loadValidationSet, VALIDATION_CAMPAIGNS, type LabelledUtterance, type TrainingCorpus } from '../../src/nlu/corpus';
import { evaluate, percent, type EvaluationReport, type Prediction } from '../../src/nlu/evaluate';
import { Recognizer } from '../../src/nlu/recognizer';
import { NlpJsPeer } from './nlpPeer';
import { msSince, summarize, type LatencySummary } from './percentiles';
import { formatInt, formatMs, formatTable } from './table';
import { DEMO_CAMPAIGNS } from '../../src/data/demoCampaigns';

export const NLU_TARGETS = { accuracyMarginPoints: 3, oursP99Ms: 1 };

/** The demo campaigns and the validation set's own, as `npm run eval` gives them. */
const CAMPAIGNS = [...DEMO_CAMPAIGNS, ...VALIDATION_CAMPAIGNS.filter((v) => !DEMO_CAMPAIGNS.some((d) => d.name === v.name))];

/** The labelled sets scored: the development set, and the validation set where it is beside the repository. */
type SetName = 'dev' | 'validation';
type LabelledSets = Partial<Record<SetName, Record<Lang, LabelledUtterance[]>>>;

export interface NluSide {
  name: string;
  trainMs: number;
  reports: Partial<Record<SetName, Record<Lang, EvaluationReport>>>;
  latency: Record<Lang, LatencySummary>;
}

export interface NluBenchResult {
  passes: number;
  ours: NluSide;
  peer: NluSide;
}

export interface NluBenchOptions {
  /** Measured passes over the dev set (each utterance timed once per pass). */
  passes: number;
  log: (message: string) => void;
}

type Predict = (lang: Lang, text: string) => Prediction | Promise<Prediction>;

interface Timed {
  predictions: Record<Lang, Prediction[]>;
  samples: Record<Lang, number[]>;
}

async function timePass(predict: Predict, lines: Record<Lang, LabelledUtterance[]>, into: Timed, keepPredictions: boolean): Promise<void> {
  for (const lang of LANGUAGES) {
    for (const line of lines[lang]) {
      const start = process.hrtime.bigint();
      const prediction = await predict(lang, line.text);
      into.samples[lang].push(msSince(start));
      if (keepPredictions) into.predictions[lang].push(prediction);
    }
  }
}

const emptyTimed = (): Timed => ({ predictions: { en: [], es: [] }, samples: { en: [], es: [] } });

/** Every set's lines of one language, one after the other: the order the predictions come back in. */
function allLines(sets: LabelledSets): Record<Lang, LabelledUtterance[]> {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, Object.values(sets).flatMap((set) => set[lang])])) as Record<Lang, LabelledUtterance[]>;
}

function score(name: string, trainMs: number, sets: LabelledSets, timed: Timed): NluSide {
  const reports: NluSide['reports'] = {};
  const latency = {} as Record<Lang, LatencySummary>;
  for (const lang of LANGUAGES) {
    let i = 0;
    for (const [setName, set] of Object.entries(sets) as [SetName, Record<Lang, LabelledUtterance[]>][]) {
      (reports[setName] ??= {} as Record<Lang, EvaluationReport>)[lang] = evaluate(lang, set[lang], () => timed.predictions[lang][i++]!);
    }
    latency[lang] = summarize(timed.samples[lang]);
  }
  return { name, trainMs, reports, latency };
}

/** Trains one side, then times a warm-up pass and `passes` measured passes over every set. */
async function measure(name: string, train: () => Promise<Predict>, sets: LabelledSets, options: NluBenchOptions): Promise<NluSide> {
  options.log(`training ${name}…`);
  const start = process.hrtime.bigint();
  const predict = await train();
  const trainMs = msSince(start);
  const lines = allLines(sets);
  options.log(`timing ${name} on ${LANGUAGES.map((l) => lines[l].length).join(' + ')} utterances, ${options.passes} passes after a warm-up pass…`);
  await timePass(predict, lines, emptyTimed(), false);
  const timed = emptyTimed();
  for (let pass = 0; pass < options.passes; pass++) await timePass(predict, lines, timed, pass === 0);
  return score(name, trainMs, sets, timed);
}

export async function runNluBench(options: NluBenchOptions): Promise<NluBenchResult> {
  const corpora = Object.fromEntries(LANGUAGES.map((lang) => [lang, loadTrainingCorpus(lang)])) as Record<Lang, TrainingCorpus>;
  const sets: LabelledSets = { dev: Object.fromEntries(LANGUAGES.map((lang) => [lang, loadDevSet(lang)])) as Record<Lang, LabelledUtterance[]> };
  const validation = loadValidationSet();
  if (validation) sets.validation = Object.fromEntries(LANGUAGES.map((lang) => [lang, validation.filter((line) => line.lang === lang)])) as Record<Lang, LabelledUtterance[]>;
  // one side after the other, ours first: neither's timings take the other's garbage collections
  const ours = await measure(
    'ours',
    async () => {
      const recognizer = new Recognizer({ campaigns: CAMPAIGNS, corpora });
      return (lang, text) => {
        const r = recognizer.recognize({ text, locale: lang });
        return { intent: r.intent, statuses: r.ambiguousStatus?.keys ?? r.entities.status };
      };
    },
    sets,
    options,
  );
  const peer = await measure(
    'nlp.js',
    async () => {
      const nlpjs = await NlpJsPeer.train(corpora);
      return (lang, text) => nlpjs.predict(lang, text);
    },
    sets,
    options,
  );
  return { passes: options.passes, ours, peer };
}

// ---------------------------------------------------------------------------------------------------------
// Report

const accuracy = (report: EvaluationReport): number => report.intentCorrect / report.total;
const mark = (ok: boolean): string => (ok ? '[pass]' : '[MISS]');

const SET_TITLES: Record<SetName, string> = {
  dev: 'development set (data/dev)',
  validation: 'validation set (../shared/eval, written outside the project, never trained on)',
};

export function nluReport(result: NluBenchResult): string[] {
  const { ours, peer } = result;
  const out: string[] = [];
  const sides = LANGUAGES.flatMap((lang) => [
    { lang, side: ours },
    { lang, side: peer },
  ]);
  const headers = ['measure', ...sides.map(({ lang, side }) => `${lang}: ${side.name}`)];
  const cell = (part: number, whole: number): string => `${percent(part, whole)} (${part}/${whole})`;
  const setNames = Object.keys(ours.reports) as SetName[];
  out.push(
    `Understanding: our recognizer and nlp.js (node-nlp 4), both trained on data/nlu and scored by src/nlu/evaluate.ts on ${setNames.map((name) => SET_TITLES[name]).join(' and ')}. ` +
      `Latency: each utterance of ${setNames.join(' and ')} timed alone (nlp.js: its async process()), ${result.passes} pass${result.passes === 1 ? '' : 'es'} after a warm-up pass. ` +
      "nlp.js is given each line's language; ours reads it from the text (the locale is its fallback).",
  );
  for (const setName of setNames) {
    const report = (side: NluSide, lang: Lang): EvaluationReport => side.reports[setName]![lang];
    out.push('');
    out.push(SET_TITLES[setName]);
    out.push(
      formatTable(headers, [
        ['intent accuracy', ...sides.map(({ lang, side }) => cell(report(side, lang).intentCorrect, report(side, lang).total))],
        ['status-key accuracy', ...sides.map(({ lang, side }) => cell(report(side, lang).statusCorrect, report(side, lang).statusTotal))],
        ['out-of-scope recall', ...sides.map(({ lang, side }) => cell(report(side, lang).outOfScopeCaught, report(side, lang).outOfScopeTotal))],
        ['in scope read as out of scope', ...sides.map(({ lang, side }) => cell(report(side, lang).inScopeReadAsNone, report(side, lang).inScopeTotal))],
      ]),
    );
  }
  out.push('');
  out.push(
    formatTable(headers, [
      ['latency p50 ms', ...sides.map(({ lang, side }) => formatMs(side.latency[lang].p50))],
      ['latency p99 ms', ...sides.map(({ lang, side }) => formatMs(side.latency[lang].p99))],
      ['latency max ms', ...sides.map(({ lang, side }) => formatMs(side.latency[lang].max))],
    ]),
  );
  out.push(`Training (both languages): ours ${formatInt(ours.trainMs)} ms, nlp.js ${formatInt(peer.trainMs)} ms.`);
  const last = setNames[setNames.length - 1]!;
  out.push('');
  out.push(`Intent accuracy by intent, ${SET_TITLES[last]}`);
  const intents = [...new Set(LANGUAGES.flatMap((lang) => [...ours.reports[last]![lang].perIntent.keys()]))].sort();
  out.push(
    formatTable(
      headers.map((h, i) => (i === 0 ? 'intent' : h)),
      intents.map((intent) => [
        intent,
        ...sides.map(({ lang, side }) => {
          const tally = side.reports[last]![lang].perIntent.get(intent);
          return tally ? `${percent(tally.correct, tally.total)} (${tally.correct}/${tally.total})` : '-';
        }),
      ]),
    ),
  );
  out.push('');
  out.push('Targets');
  for (const setName of setNames) {
    for (const lang of LANGUAGES) {
      const margin = 100 * (accuracy(ours.reports[setName]![lang]) - accuracy(peer.reports[setName]![lang]));
      out.push(`${mark(margin >= NLU_TARGETS.accuracyMarginPoints)} ${lang}, ${setName}: intent accuracy >= nlp.js + ${NLU_TARGETS.accuracyMarginPoints} points: ${margin >= 0 ? '+' : ''}${margin.toFixed(1)} points`);
    }
  }
  for (const lang of LANGUAGES) {
    out.push(`${mark(ours.latency[lang].p99 < NLU_TARGETS.oursP99Ms)} ${lang}: our p99 < ${NLU_TARGETS.oursP99Ms} ms per utterance: ${formatMs(ours.latency[lang].p99)} ms`);
  }
  return out;
}
