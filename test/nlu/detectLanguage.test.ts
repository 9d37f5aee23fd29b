import { expect } from 'chai';
import { detectLanguage } from '../../src/nlu/detectLanguage';
import { normalize } from '../../src/nlu/normalize';

/** The cleaned text and its normalized words, with the spans of screen labels where a case names them. */
function detect(text: string, labels: { start: number; end: number }[] = []): string | undefined {
  const normalized = normalize(text);
  return detectLanguage(text, normalized ? normalized.split(' ') : [], labels);
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

  it('leaves quoted words and several-word screen labels out of the count, but for the label language', () => {
    expect(detect("¿para qué sirve 'Final disposition'?")).to.equal('es');
    // "bad connection" is a label of both guides: only "es" speaks
    expect(detect('Bad Connection se quita solo', [{ start: 0, end: 2 }])).to.equal('es');
    // "buzon de voz" is a label of the Spanish guide only
    expect(detect('buzon de voz', [{ start: 0, end: 3 }])).to.equal('es');
    expect(detect('what does "sin respuesta" mean')).to.equal('en');
  });

  it('counts Spanish accents but not other languages\' (ç, ã)', () => {
    expect(detect('número')).to.equal('es');
    expect(detect('ça')).to.equal(undefined);
  });
});
