import { expect } from 'chai';
import { LANGUAGES } from '../../src/domain/language';
import { loadDevSet } from '../../src/nlu/corpus';
import { evaluate } from '../../src/nlu/evaluate';
import { Recognizer } from '../../src/nlu/recognizer';
import { DEMO_CAMPAIGNS } from '../../src/data/demoCampaigns';


/** A regression guard on the held-out development set: the 95% targets, the same figures npm run eval prints. */
describe('understanding on the held-out development set', () => {
  const recognizer = new Recognizer({ campaigns: DEMO_CAMPAIGNS });
  for (const lang of LANGUAGES) {
    it(`${lang}: at least 95% intent accuracy and 95% status-key accuracy`, () => {
      const report = evaluate(lang, loadDevSet(lang), ({ text }) => {
        const result = recognizer.recognize({ text, locale: lang });
        return { intent: result.intent, statuses: result.ambiguousStatus?.keys ?? result.entities.status };
      });
      const misses = report.errors.map((e) => `${e.text} -> ${e.got}`).join('\n');
      expect(report.intentCorrect / report.total, misses).to.be.at.least(0.95);
      expect(report.statusCorrect / report.statusTotal, misses).to.be.at.least(0.95);
    });
  }
});
