import { allEntries } from '../content/knowledgeBase';
import { LANGUAGES, type Lang } from '../domain/language';
import type { StatusKey } from '../domain/statusKeys';
import { LANGUAGE_PARTS } from './languages';
import { LEXICONS } from './lexicon';
import { normalize } from './normalize';
import { stemOf } from './stemCache';

const K1 = 1.2;
const B = 0.75;
/** The best entry must score this much, and this many times the runner-up, to be taken as the one described. */
const MIN_SCORE = 4.5;
const MIN_LEAD = 1.35;
/** Words every question has: they say nothing about which entry. */
const GENERIC = new Set(
  (
    'status statuses state mean means meaning what why how does do happen happens call calls contact contacts campaign campaigns ' +
    'estado estados significa que por porque como pasa llamada llamadas contacto contactos campana campanas'
  ).split(' '),
);

export interface RetrievedStatus {
  key: StatusKey;
  score: number;
  /** How many times the runner-up's score the best one is. */
  lead: number;
}

interface Document {
  key: StatusKey;
  length: number;
  termFrequency: Map<string, number>;
}

/**
 * BM25 over the knowledge base's own text (title, aliases, tagline, meaning, details, example) and the recognition
 * phrases, stemmed per language: it finds the entry a message describes without naming it ("the person who picked up
 * was not the customer we wanted"). Consulted only when no alias matched.
 */
export class StatusRetrieval {
  private readonly documents: Record<Lang, Document[]> = { en: [], es: [] };
  private readonly idf: Record<Lang, Map<string, number>> = { en: new Map(), es: new Map() };
  private readonly averageLength: Record<Lang, number> = { en: 1, es: 1 };

  constructor() {
    for (const lang of LANGUAGES) this.index(lang);
  }

  find(tokens: readonly string[], lang: Lang): RetrievedStatus | undefined {
    const terms = new Set(this.terms(tokens, lang));
    if (terms.size === 0) return undefined;
    const scores = this.documents[lang].map((doc) => ({ key: doc.key, score: this.score(doc, terms, lang) })).sort((a, b) => b.score - a.score);
    const [best, second] = scores;
    const lead = second && second.score > 0 ? best.score / second.score : Infinity;
    return best.score >= MIN_SCORE && lead >= MIN_LEAD ? { key: best.key, score: best.score, lead } : undefined;
  }

  private score(doc: Document, terms: ReadonlySet<string>, lang: Lang): number {
    let total = 0;
    const norm = K1 * (1 - B + (B * doc.length) / this.averageLength[lang]);
    for (const term of terms) {
      const tf = doc.termFrequency.get(term);
      if (!tf) continue;
      total += (this.idf[lang].get(term) ?? 0) * ((tf * (K1 + 1)) / (tf + norm));
    }
    return total;
  }

  private terms(tokens: readonly string[], lang: Lang): string[] {
    const { stopwords } = LANGUAGE_PARTS[lang];
    return tokens.filter((t) => t.length > 1 && !stopwords.has(t) && !GENERIC.has(t)).map((t) => stemOf(t, lang));
  }

  private index(lang: Lang): void {
    const documents: Document[] = [];
    const containing = new Map<string, number>();
    for (const entry of allEntries(lang)) {
      const text = [entry.title, entry.tagline, entry.meaning, entry.example, ...entry.aliases, ...entry.details, ...(LEXICONS[lang].statusPhrases[entry.key] ?? [])];
      const terms = this.terms(normalize(text.join(' ')).split(' '), lang);
      const termFrequency = new Map<string, number>();
      for (const term of terms) termFrequency.set(term, (termFrequency.get(term) ?? 0) + 1);
      for (const term of termFrequency.keys()) containing.set(term, (containing.get(term) ?? 0) + 1);
      documents.push({ key: entry.key, length: terms.length, termFrequency });
    }
    const n = documents.length;
    for (const [term, df] of containing) this.idf[lang].set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    this.documents[lang] = documents;
    this.averageLength[lang] = documents.reduce((sum, d) => sum + d.length, 0) / n;
  }
}
