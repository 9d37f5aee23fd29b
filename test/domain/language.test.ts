import { expect } from 'chai';
import { langFromLocale, resolveLanguage, type LanguageClues } from '../../src/domain/language';

describe('resolveLanguage: the one decision of the answer language (README: Which language)', () => {
  // [what is known, the language, where it came from]
  const cases: [string, LanguageClues, 'en' | 'es', string][] = [
    ['nothing known: English', {}, 'en', 'default'],
    ['the words alone (es)', { fromText: 'es' }, 'es', 'text'],
    ['the words alone (en)', { fromText: 'en' }, 'en', 'text'],
    ['the words before the locale (es over en-US)', { fromText: 'es', locale: 'en-US' }, 'es', 'text'],
    ['the words before the locale (en over es-MX)', { fromText: 'en', locale: 'es-MX' }, 'en', 'text'],
    ['the words before the last language', { fromText: 'en', last: 'es' }, 'en', 'text'],
    ['the locale when the words do not say (es-MX)', { locale: 'es-MX' }, 'es', 'locale'],
    ['the locale when the words do not say (en-GB)', { locale: 'en-GB' }, 'en', 'locale'],
    ['the locale before the last language (es-419 over en)', { locale: 'es_419', last: 'en' }, 'es', 'locale'],
    ['the locale before the last language (en-US over es)', { locale: 'en-US', last: 'es' }, 'en', 'locale'],
    ['the last language when the locale is one we do not speak', { locale: 'fr-FR', last: 'es' }, 'es', 'user'],
    ['the last language without a locale (es)', { locale: null, last: 'es' }, 'es', 'user'],
    ['the last language without a locale (en)', { last: 'en' }, 'en', 'user'],
    ['a language asked for wins over the words', { preferred: 'es', fromText: 'en' }, 'es', 'user'],
    ['a language asked for wins over everything (en)', { preferred: 'en', fromText: 'es', locale: 'es-ES', last: 'es' }, 'en', 'user'],
    ['a language asked for wins over everything (es)', { preferred: 'es', fromText: 'en', locale: 'en-US', last: 'en' }, 'es', 'user'],
    ['an unknown locale and nothing else: English', { locale: 'de-DE' }, 'en', 'default'],
  ];
  for (const [name, clues, language, source] of cases) {
    it(name, () => {
      expect(resolveLanguage(clues)).to.deep.equal({ language, source });
    });
  }

  it('reads locales as people write them', () => {
    expect(['es', 'ES', 'es-MX', 'es_419', ' es-ar '].map(langFromLocale)).to.deep.equal(['es', 'es', 'es', 'es', 'es']);
    expect(['en', 'EN-us', 'en_GB'].map(langFromLocale)).to.deep.equal(['en', 'en', 'en']);
    expect(['fr', '', 'spanish', undefined, null].map(langFromLocale)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
  });
});
