/**
 * The turns of the HTTP benchmark: short conversations, half in English and half in Spanish, mixing status questions
 * (with follow-ups that lean on the conversation's state) and contact questions about the demo data's contacts, by id
 * and by phone. Deterministic for a seed.
 */
import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { projectPath } from '../../src/platform/paths';
import type { Random } from './prng';

export type TurnLanguage = 'en' | 'es';
/** What a turn asks, and the intent the bot should recognise (follow-ups depend on the turn before). */
export type TurnKind = 'status' | 'follow-up' | 'contact.why_bad' | 'contact.attempts';

export interface ScriptedTurn {
  kind: TurnKind;
  text: string;
}

export interface ConversationScript {
  language: TurnLanguage;
  locale: string;
  turns: ScriptedTurn[];
}

export interface DemoContact {
  id: string;
  phone: string;
}

/** Well under the bot's rate limit (20 messages per conversation and per user in 10 s), whatever the pace. */
export const TURNS_PER_CONVERSATION = 8;
/** The pattern of every conversation: status questions, a follow-up on the last one, contact questions. */
const PATTERN: readonly TurnKind[] = ['status', 'follow-up', 'contact.why_bad', 'status', 'contact.attempts', 'follow-up', 'status', 'contact.why_bad'];

const STATUS: Record<TurnLanguage, readonly string[]> = {
  en: [
    'what does busy mean?',
    'what does Busy mean and what should I do?',
    'bussy??',
    'answering machine',
    'what is a failed call',
    'no answer',
    'wrong number',
    'what does DNC mean',
    'what does it mean when a campaign is paused',
    'why are so many calls busy',
    'what does no response mean',
    'what is an IVR contact',
  ],
  es: [
    '¿qué significa número incorrecto?',
    'que es IVR',
    'sin respuesta',
    '¿qué significa ocupado?',
    'llamada fallida, qué hago',
    '¿qué significa completada?',
    'qué es una campaña pausada',
    '¿por qué hay tantas llamadas ocupadas?',
    'qué significa no contesta',
    'contestador automático',
  ],
};

const FOLLOW_UP: Record<TurnLanguage, readonly string[]> = {
  en: ['and what should I do?', 'related statuses', 'give me an example'],
  es: ['¿y qué hago?', 'estados relacionados', 'dame un ejemplo'],
};

const WHY_BAD: Record<TurnLanguage, readonly ((c: DemoContact) => string)[]> = {
  en: [(c) => `why is contact ${c.id} flagged bad?`, (c) => `is ${c.id} a bad number?`],
  es: [(c) => `¿por qué el contacto ${c.id} está marcado como malo?`, (c) => `¿${c.id} es un número malo?`],
};

const ATTEMPTS: Record<TurnLanguage, readonly ((c: DemoContact) => string)[]> = {
  en: [(c) => `how many attempts remain for ${c.phone}?`, (c) => `how many attempts remain for ${c.id}?`],
  es: [(c) => `¿cuántos intentos le quedan a ${c.phone}?`, (c) => `¿cuántos intentos le quedan a ${c.id}?`],
};

const LOCALES: Record<TurnLanguage, readonly string[]> = { en: ['en-US', 'en-GB'], es: ['es-MX', 'es-ES'] };

/** The demo data set's contacts (data/demo/contacts.csv), which the bot loads into its database on first start. */
export function loadDemoContacts(): DemoContact[] {
  const rows = parse(fs.readFileSync(projectPath('data', 'demo', 'contacts.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.filter((r) => r['contact_id'] && r['phone']).map((r) => ({ id: r['contact_id']!, phone: r['phone']! }));
}

export function makeConversation(index: number, contacts: readonly DemoContact[], random: Random): ConversationScript {
  const language: TurnLanguage = index % 2 === 0 ? 'en' : 'es';
  const turns = PATTERN.map((kind): ScriptedTurn => {
    switch (kind) {
      case 'status':
        return { kind, text: random.pick(STATUS[language]) };
      case 'follow-up':
        return { kind, text: random.pick(FOLLOW_UP[language]) };
      case 'contact.why_bad':
        return { kind, text: random.pick(WHY_BAD[language])(random.pick(contacts)) };
      case 'contact.attempts':
        return { kind, text: random.pick(ATTEMPTS[language])(random.pick(contacts)) };
    }
  });
  return { language, locale: random.pick(LOCALES[language]), turns };
}

/** Every standalone question of the mix once (follow-ups left out: they need a turn before), for the recognition check. */
export function standaloneQuestions(contacts: readonly DemoContact[]): { language: TurnLanguage; kind: TurnKind; text: string }[] {
  const contact = contacts[41] ?? contacts[0]!;
  const out: { language: TurnLanguage; kind: TurnKind; text: string }[] = [];
  for (const language of ['en', 'es'] as const) {
    for (const text of STATUS[language]) out.push({ language, kind: 'status', text });
    for (const make of WHY_BAD[language]) out.push({ language, kind: 'contact.why_bad', text: make(contact) });
    for (const make of ATTEMPTS[language]) out.push({ language, kind: 'contact.attempts', text: make(contact) });
  }
  return out;
}
