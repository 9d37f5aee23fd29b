/** npm run eval: the recognizer on the held-out development set, per language and intent. */
import { LANGUAGES } from '../src/domain/language';
import { loadDevSet } from '../src/nlu/corpus';
import { evaluate, percent } from '../src/nlu/evaluate';
import { Recognizer } from '../src/nlu/recognizer';
import { DEMO_CAMPAIGNS } from '../src/data/demoCampaigns';

const TARGET = 0.95;

const started = process.hrtime.bigint();
const recognizer = new Recognizer({ campaigns: DEMO_CAMPAIGNS });
console.log(`recognizer trained in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms\n`);

let failed = false;
for (const lang of LANGUAGES) {
  const report = evaluate(lang, loadDevSet(lang), (text) => {
    const r = recognizer.recognize({ text, locale: lang });
    return { intent: r.intent, statuses: r.ambiguousStatus?.keys ?? r.entities.status };
  });
  console.log(`== ${lang}: ${report.total} utterances`);
  console.log(`intent accuracy   ${percent(report.intentCorrect, report.total)} (${report.intentCorrect}/${report.total})`);
  console.log(`status-key accuracy ${percent(report.statusCorrect, report.statusTotal)} (${report.statusCorrect}/${report.statusTotal})`);
  console.log(`out-of-scope recall ${percent(report.outOfScopeCaught, report.outOfScopeTotal)} (${report.outOfScopeCaught}/${report.outOfScopeTotal})`);
  for (const [intent, tally] of [...report.perIntent].sort()) {
    console.log(`  ${intent.padEnd(18)} ${percent(tally.correct, tally.total).padStart(6)}  (${tally.correct}/${tally.total})`);
  }
  if (report.errors.length) {
    console.log('  misclassified:');
    for (const e of report.errors) console.log(`    [${e.kind}] "${e.text}"  expected ${e.expected}, got ${e.got}`);
  }
  console.log('');
  if (report.intentCorrect / report.total < TARGET || report.statusCorrect / report.statusTotal < TARGET) failed = true;
}
console.log(failed ? `below the ${TARGET * 100}% target` : `meets the ${TARGET * 100}% target in both languages`);
