/**
 * Questions for the data benchmark, in English and Spanish, about contacts and campaigns that exist, each with a
 * check that the reply is the expected kind of answer (the contact's or campaign's own answer, not a
 * clarification, a "not found" or another intent's answer). Wordings vary the way users' do.
 */
import type { Random } from './prng';
import type { SampledContact } from './syntheticData';

export const QUESTION_TYPES = ['contact.why_bad', 'contact.attempts', 'campaign.summary', 'campaign.insights'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export type QuestionLanguage = 'en' | 'es';

export interface Question {
  type: QuestionType;
  language: QuestionLanguage;
  /** The activity's locale. */
  locale: string;
  text: string;
  /** The contact id or campaign name asked about. */
  subject: string;
  /** Whether the reply text is the expected kind of answer about `subject`. */
  check(replyText: string): boolean;
}

type Template = (subject: string) => string;

const WHY_BAD: Record<QuestionLanguage, Template[]> = {
  en: [
    (id) => `why is contact ${id} flagged bad?`,
    (id) => `why is ${id} marked unreachable?`,
    (id) => `is ${id} a bad number?`,
    (id) => `why does ${id} show bad connection`,
  ],
  es: [
    (id) => `¿por qué el contacto ${id} está marcado como malo?`,
    (id) => `¿por qué ${id} sale con mala conexión?`,
    (id) => `¿${id} es un número malo?`,
    (id) => `por que el contacto ${id} esta marcado como malo`,
  ],
};

const ATTEMPTS: Record<QuestionLanguage, Template[]> = {
  en: [
    (phone) => `how many attempts remain for ${phone}?`,
    (phone) => `how many times did we call ${phone}?`,
    (phone) => `how many call attempts on ${phone}`,
  ],
  es: [
    (phone) => `¿cuántos intentos le quedan al ${phone}?`,
    (phone) => `¿cuántas veces se marcó el ${phone}?`,
    (phone) => `cuantos intentos lleva el ${phone}`,
  ],
};

const SUMMARY: Record<QuestionLanguage, Template[]> = {
  en: [(name) => `how is ${name} doing?`, (name) => `what is the status of ${name}?`, (name) => `give me a summary of ${name}`],
  es: [(name) => `¿cómo va ${name}?`, (name) => `¿cuál es el estado de ${name}?`, (name) => `dame un resumen de la campaña ${name}`],
};

const INSIGHTS: Record<QuestionLanguage, Template[]> = {
  en: [(name) => `weekly analysis for ${name}`, (name) => `what should we improve in ${name}?`, (name) => `insights for ${name}`],
  es: [(name) => `análisis semanal de ${name}`, (name) => `¿qué deberíamos mejorar en ${name}?`, (name) => `insights de ${name}`],
};

const LOCALES: Record<QuestionLanguage, readonly string[]> = { en: ['en-US', 'en-GB'], es: ['es-MX', 'es-ES', 'es-CO'] };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The expected first words of each kind of answer (either language: the bot may answer in the other one). */
function checkFor(type: QuestionType, subject: string): (replyText: string) => boolean {
  const s = escapeRegExp(subject);
  const pattern = {
    // "**Yes: C-12** (...)" / "**No: C-12**" / "**Sí: C-12**"
    'contact.why_bad': new RegExp(`^\\*\\*(Yes|No|Sí): ${s}\\*\\* \\(`),
    // "**C-12** (Ann Able, ••• 0001) in **Alpha** has had ..." / "... lleva ..."
    'contact.attempts': new RegExp(`^\\*\\*${s}\\*\\* \\(.*\\b(has had|lleva)\\b`),
    // "**Spring Renewals** is **Paused**." / "... está **Pausada**."
    'campaign.summary': new RegExp(`^\\*\\*${s}\\*\\* (is|está) \\*\\*`),
    // "Applying the weekly status analysis to **X**" / "Aplicando el análisis semanal de estados a **X**"
    'campaign.insights': new RegExp(`^(Applying the weekly status analysis to|Aplicando el análisis semanal de estados a) \\*\\*${s}\\*\\*`),
  }[type];
  return (replyText) => pattern.test(replyText);
}

/**
 * `count` questions of `type`, half in English and half in Spanish, about contacts drawn (with replacement) from
 * `contacts` or about `campaigns`.
 */
export function makeQuestions(
  type: QuestionType,
  count: number,
  contacts: readonly SampledContact[],
  campaigns: readonly string[],
  random: Random,
): Question[] {
  const out: Question[] = [];
  for (let i = 0; i < count; i++) {
    const language: QuestionLanguage = i % 2 === 0 ? 'en' : 'es';
    const locale = random.pick(LOCALES[language]);
    let subject: string;
    let text: string;
    switch (type) {
      case 'contact.why_bad': {
        subject = random.pick(contacts).id;
        text = random.pick(WHY_BAD[language])(subject);
        break;
      }
      case 'contact.attempts': {
        const contact = random.pick(contacts);
        subject = contact.id;
        text = random.pick(ATTEMPTS[language])(contact.phone);
        break;
      }
      case 'campaign.summary':
        subject = random.pick(campaigns);
        text = random.pick(SUMMARY[language])(subject);
        break;
      case 'campaign.insights':
        subject = random.pick(campaigns);
        text = random.pick(INSIGHTS[language])(subject);
        break;
    }
    out.push({ type, language, locale, text, subject, check: checkFor(type, subject) });
  }
  return out;
}
