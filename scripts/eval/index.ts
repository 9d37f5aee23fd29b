/**
 * npm run eval: the recognizer measured three ways, each reported apart.
 * 1. the development set (data/dev: written here, never trained on, but by the same hands as the training corpus);
 * 2. the validation set beside the repository (../shared/eval: written independently, never trained on);
 * 3. 5-fold cross-validation of the training corpus (data/nlu).
 * `--quiet` leaves out the misclassified lines; `--only dev|validation|cv` runs one section.
 */
import { LANGUAGES, type Lang } from '../../src/domain/language';
import { DEMO_CAMPAIGNS } from '../../src/data/demoCampaigns';
import { loadDevSet, loadTrainingCorpus, loadValidationSet, VALIDATION_CAMPAIGNS, type LabelledUtterance, type TrainingCorpus } from '../../src/nlu/corpus';
import { crossValidationFolds } from './crossValidation';
import { emptyReport, evaluate, type EvaluationReport, type Prediction } from '../../src/nlu/evaluate';
import { Recognizer } from '../../src/nlu/recognizer';
import { confusionTable, misclassified, perIntentTable, summaryTable, type Targets } from './report';

const VALIDATION_TARGETS: Targets = { intent: 0.97, status: 0.97, outOfScopeRecall: 0.95, falseOutOfScope: 0.02 };

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

/** The channel sends the user's locale; the language figure is read without it, from the words alone. */
function predictor(recognizer: Recognizer, lang: Lang): (line: LabelledUtterance) => Prediction {
  return (line) => {
    const r = recognizer.recognize({ text: line.text, locale: line.lang ?? lang });
    const language = line.lang ? recognizer.recognize({ text: line.text }).language : undefined;
    return { intent: r.intent, statuses: r.ambiguousStatus?.keys ?? r.entities.status, language };
  };
}

function printSection(title: string, reports: Record<Lang, EvaluationReport>, targets?: Targets): void {
  console.log(`\n=== ${title}\n`);
  console.log(summaryTable(reports, targets));
  console.log(`\n${perIntentTable(reports)}`);
  for (const lang of LANGUAGES) {
    console.log(`\n${lang}: confusion (rows: expected, columns: got)\n${confusionTable(reports[lang])}`);
    if (!quiet && reports[lang].errors.length) console.log(`\n${lang}: misclassified\n${misclassified(reports[lang]).join('\n')}`);
  }
}

const corpora = Object.fromEntries(LANGUAGES.map((lang) => [lang, loadTrainingCorpus(lang)])) as Record<Lang, TrainingCorpus>;
const started = process.hrtime.bigint();
const recognizer = new Recognizer({ campaigns: DEMO_CAMPAIGNS, corpora });
console.log(`recognizer trained in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);

if (!only || only === 'dev') {
  const reports = Object.fromEntries(LANGUAGES.map((lang) => [lang, evaluate(lang, loadDevSet(lang), predictor(recognizer, lang))])) as Record<Lang, EvaluationReport>;
  printSection('1. development set (data/dev, never trained on)', reports);
}

if (!only || only === 'validation') {
  const lines = loadValidationSet();
  if (!lines) console.log('\n=== 2. validation set: ../shared/eval/validation.jsonl is not beside the repository; skipped');
  else {
    recognizer.setCampaigns(VALIDATION_CAMPAIGNS);
    const reports = Object.fromEntries(
      LANGUAGES.map((lang) => [lang, evaluate(lang, lines.filter((line) => line.lang === lang), predictor(recognizer, lang))]),
    ) as Record<Lang, EvaluationReport>;
    printSection('2. validation set (../shared/eval, written outside the project, never trained on)', reports, VALIDATION_TARGETS);
  }
}

if (!only || only === 'cv') {
  const reports = {} as Record<Lang, EvaluationReport>;
  for (const lang of LANGUAGES) {
    reports[lang] = emptyReport(lang);
    for (const fold of crossValidationFolds(lang, corpora)) {
      const foldRecognizer = new Recognizer({ campaigns: DEMO_CAMPAIGNS, corpora: fold.corpora });
      evaluate(lang, fold.heldOut, predictor(foldRecognizer, lang), reports[lang]);
    }
  }
  printSection('3. 5-fold cross-validation of the training corpus (data/nlu)', reports);
}
