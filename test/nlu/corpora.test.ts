import { expect } from 'chai';
import { LANGUAGES } from '../../src/domain/language';
import { loadDevSet, loadTrainingCorpus } from '../../src/nlu/corpus';
import { INTENTS } from '../../src/domain/intents';
import { normalize } from '../../src/nlu/normalize';
import { isStatusKey } from '../../src/domain/statusKeys';

describe('training corpus and development set', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: never trains on an utterance the evaluation scores`, () => {
      const training = new Set(Object.values(loadTrainingCorpus(lang).intents).flat().map((text) => normalize(text)));
      const overlap = loadDevSet(lang).filter((line) => training.has(normalize(line.text))).map((line) => line.text);
      expect(overlap).to.deep.equal([]);
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
