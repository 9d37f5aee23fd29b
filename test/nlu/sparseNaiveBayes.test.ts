import { expect } from 'chai';
import { BayesClassifier } from 'natural/lib/natural/classifiers';
import { LANGUAGES } from '../../src/domain/language';
import { loadTrainingCorpus } from '../../src/nlu/corpus';
import { toFeatures } from '../../src/nlu/features';
import { LANGUAGE_PARTS } from '../../src/nlu/languages';
import { normalize } from '../../src/nlu/normalize';
import { SparseNaiveBayes } from '../../src/nlu/sparseNaiveBayes';

/** The classifier's features of an utterance (stems, a length bucket; no entity spans: plain words are enough here). */
function featuresOf(text: string, lang: (typeof LANGUAGES)[number]): string[] {
  const normalized = normalize(text);
  return toFeatures(normalized ? LANGUAGE_PARTS[lang].tokenize(normalized) : [], [], lang, ['#noid']);
}

describe("the sparse naive Bayes gives natural's own classifications", () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: on every utterance of the training corpus, and on words it never learnt`, () => {
      const corpus = loadTrainingCorpus(lang);
      const bayes = new BayesClassifier(undefined, 0.03);
      const utterances: string[][] = [];
      for (const [intent, texts] of Object.entries(corpus.intents)) {
        for (const text of texts) {
          const features = featuresOf(text, lang);
          utterances.push(features);
          bayes.addDocument(features, intent);
        }
      }
      bayes.train();
      const sparse = new SparseNaiveBayes(bayes);
      const probes = [...utterances, ['#noid', 'zzzunknown', '#len:1'], ['#len:5+'], []];
      for (const features of probes) {
        const ours = sparse.classify([...new Set(features)]);
        const natural = bayes.getClassifications(features);
        expect(ours.map((c) => c.label), features.join(' ')).to.deep.equal(natural.map((c) => c.label));
        ours.forEach((c, i) => expect(c.value, `${features.join(' ')}: ${c.label}`).to.be.closeTo(natural[i].value, Math.abs(natural[i].value) * 1e-12));
      }
      expect(utterances.length).to.be.greaterThan(100);
    });
  }
});
