import type * as Stemmers from 'natural/lib/natural/stemmers';
import type * as Tokenizers from 'natural/lib/natural/tokenizers';

// the four modules alone: natural's stemmers and tokenizers indexes load every language's (about 150 ms of a start-up)
/* eslint-disable @typescript-eslint/no-require-imports */
const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer') as typeof Stemmers.PorterStemmer;
const PorterStemmerEs = require('natural/lib/natural/stemmers/porter_stemmer_es') as typeof Stemmers.PorterStemmerEs;
const AggressiveTokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer') as typeof Tokenizers.AggressiveTokenizer;
const AggressiveTokenizerEs = require('natural/lib/natural/tokenizers/aggressive_tokenizer_es') as typeof Tokenizers.AggressiveTokenizerEs;
/* eslint-enable @typescript-eslint/no-require-imports */
import type { Lang } from '../domain/language';
import { STOPWORDS } from './stopwords';

/** Everything language-specific the pipeline needs, registered in one place (as nlp.js does per locale). */
export interface LanguageParts {
  tokenize(normalized: string): string[];
  stem(token: string): string;
  stopwords: ReadonlySet<string>;
  /** Function words and phrasing that give the language away; folded form. */
  markers: ReadonlySet<string>;
}

const enTokenizer = new AggressiveTokenizer();
const esTokenizer = new AggressiveTokenizerEs();

export const LANGUAGE_PARTS: Record<Lang, LanguageParts> = {
  en: {
    tokenize: (text) => enTokenizer.tokenize(text),
    stem: (token) => PorterStemmer.stem(token),
    stopwords: STOPWORDS.en,
    markers: new Set(
      ('the what whats does do did is are why how many much when which who should i im you my me it and of to with for about mean means meaning ' +
        'call calls called contact campaign attempts attempt left remain remaining status statuses flagged bad answer answered ' +
        'please thanks thank hello hi hey can could tell show list explain help number wrong this that there would will our we they ' +
        'happen happens need want know alert alerts notify notifications'
      ).split(' '),
    ),
  },
  es: {
    tokenize: (text) => esTokenizer.tokenize(text),
    stem: (token) => PorterStemmerEs.stem(token),
    stopwords: STOPWORDS.es,
    markers: new Set(
      ('que el la los las de del por porque para como cual cuales cuantos cuantas cuando donde quien es son esta estan hay significa ' +
        'quiere decir hago hacer debo puedo y un una con sin mi me le se muy llamada llamadas contacto contactos campana campanas ' +
        'intentos intento quedan queda estado estados marcado malo mala numero equivocado ayuda hola gracias muchas por favor dime ' +
        'muestrame lista explica pasa pasado pausada nueva nuevo fallida ocupado respuesta contestador cancelada completada tengo hoy semana mejorar ' +
        'pero tambien ya solo eso esto algo nada mas ese esa lleva llevan tiene tienen hace hacen sale salen puede pueden cuenta mide casilla ' +
        'analisis semanal avance cuanto exactamente solas otra otro sea mis tus alerta alertas avisame aviso avisos notificaciones ' +
        'notificame cualquier cancela quita borra'
      ).split(' '),
    ),
  },
};
