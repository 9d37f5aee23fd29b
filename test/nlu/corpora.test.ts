import { expect } from 'chai';
import { LANGUAGES } from '../../src/domain/language';
import { loadDevSet, loadTrainingCorpus, loadValidationSet } from '../../src/nlu/corpus';
import { nearCopies, withinOneWord } from '../../src/nlu/nearCopies';
import { INTENTS } from '../../src/domain/intents';
import { isStatusKey } from '../../src/domain/statusKeys';

describe('near copies', () => {
  const cases: [string, string, boolean][] = [
    ['what does busy mean', 'What does Busy mean?', true],
    ['what does busy mean', 'what does busy really mean', true],
    ['what does busy mean', 'what does failed mean', true],
    ['qué significa ocupado', 'que significa', true],
    ['what does busy mean', 'what does failed really mean', false],
    ['what does busy mean', 'busy what does mean', false],
  ];
  for (const [a, b, near] of cases) {
    it(`"${a}" and "${b}" ${near ? 'are' : 'are not'} within one word`, () => {
      expect(nearCopies([a], [b]).length > 0).to.equal(near);
      expect(withinOneWord(b.toLowerCase().split(' '), a.split(' ')), 'symmetric on plain words').to.be.a('boolean');
    });
  }
});

describe('training corpus and development set', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: no training line is within one word of a development line`, () => {
      const training = Object.values(loadTrainingCorpus(lang).intents).flat();
      expect(nearCopies(training, loadDevSet(lang).map((line) => line.text))).to.deep.equal([]);
    });

    it(`${lang}: no training line is within one word of a validation line`, function () {
      const validation = loadValidationSet();
      if (!validation) this.skip();
      const training = Object.values(loadTrainingCorpus(lang).intents).flat();
      expect(nearCopies(training, validation!.map((line) => line.text))).to.deep.equal([]);
    });

    it(`${lang}: the development set has at least 200 labelled lines covering every intent`, () => {
      const dev = loadDevSet(lang);
      expect(dev.length).to.be.at.least(200);
      expect(new Set(dev.map((line) => line.intent))).to.have.length(INTENTS.length);
      for (const line of dev) if (line.status) expect(isStatusKey(line.status), line.text).to.equal(true);
    });

    it(`${lang}: the training corpus has every intent`, () => {
      const corpus = loadTrainingCorpus(lang);
      for (const intent of INTENTS) expect(corpus.intents[intent]?.length ?? 0, intent).to.be.greaterThan(10);
    });
  }
});
