import { expect } from 'chai';
import { detectLanguageFromText } from '../../src/nlu/detectLanguage';
import { foldCase, normalize } from '../../src/nlu/normalize';

/** As the recognizer calls it: the folded text, its normalized words, and whether folding took accents away. */
function detect(text: string): string | undefined {
  const folded = foldCase(text);
  const normalized = normalize(text);
  return detectLanguageFromText(folded, normalized ? normalized.split(' ') : [], folded !== text.toLowerCase());
}

describe('language detection from the words of a message', () => {
  const cases: [string, 'en' | 'es' | undefined][] = [
    ['what does busy mean', 'en'],
    ['why is it busy', 'en'],
    ['hello', 'en'],
    ['qué significa ocupado', 'es'],
    ['que es buzon de voz', 'es'],
    ['hola', 'es'],
    ['¿IVR?', 'es'],
    ['número', 'es'],
    ['IVR', undefined],
    ['busy', undefined],
    ['C-1042', undefined],
    ['', undefined],
  ];
  for (const [text, lang] of cases) {
    it(`"${text}" -> ${lang ?? 'does not say'}`, () => {
      expect(detect(text)).to.equal(lang);
    });
  }
});
