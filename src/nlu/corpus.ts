import { existsSync, readFileSync } from 'node:fs';
import type { Lang } from '../domain/language';
import { projectPath } from '../platform/paths';
import { isIntent, type Intent } from '../domain/intents';

export interface TrainingCorpus {
  locale: Lang;
  /** Campaign names the training utterances use, so they read as a campaign mention whatever the live data holds. */
  campaigns: string[];
  intents: Partial<Record<Intent, string[]>>;
}

export interface LabelledUtterance {
  text: string;
  intent: Intent;
  status?: string;
  /** Other intents that are as right (small talk instead of None). */
  intentAny?: string[];
  /** A truly ambiguous line: asking back with these keys is right. */
  statusAny?: string[];
  /** The language the bot should answer in, where the set says. */
  lang?: Lang;
}

export function loadTrainingCorpus(lang: Lang, dir = projectPath('data', 'nlu')): TrainingCorpus {
  const corpus = JSON.parse(readFileSync(`${dir}/${lang}.json`, 'utf8')) as TrainingCorpus;
  for (const intent of Object.keys(corpus.intents)) {
    if (!isIntent(intent)) throw new Error(`data/nlu/${lang}.json: unknown intent "${intent}"`);
  }
  return { ...corpus, campaigns: corpus.campaigns ?? [] };
}

export function loadDevSet(lang: Lang, dir = projectPath('data', 'dev')): LabelledUtterance[] {
  const file = JSON.parse(readFileSync(`${dir}/${lang}.json`, 'utf8')) as { utterances: LabelledUtterance[] };
  for (const line of file.utterances) {
    if (!isIntent(line.intent)) throw new Error(`data/dev/${lang}.json: unknown intent "${line.intent}" for "${line.text}"`);
  }
  return file.utterances;
}

/** The validation set's own campaigns (its README asks the recognizer to know them), not the demo ones. */
export const VALIDATION_CAMPAIGNS = [
  'Black Friday Upsell', 'Cobranza Marzo', 'Encuesta NPS Abril', 'Holiday Promo', 'Pagos Vencidos Norte', 'Recordatorio Citas',
  'Renovaciones Seguros', 'Retención Q3', 'Solar Leads TX', 'Spring Renewals', 'Welcome Calls Q2', 'Winback Julio',
].map((name) => ({ id: name, name }));

/** Where the validation set written outside the project lives: beside the repository, never copied into it. */
export const VALIDATION_SET = projectPath('..', 'shared', 'eval', 'validation.jsonl');

interface ValidationLine {
  text: string;
  lang: Lang;
  intent: Intent;
  intent_any?: string[];
  status?: string;
  status_any?: string[];
}

/** The shared validation set (one JSON object a line), or undefined where it is not beside the repository. */
export function loadValidationSet(file = VALIDATION_SET): LabelledUtterance[] | undefined {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((raw) => {
      const line = JSON.parse(raw) as ValidationLine;
      return { text: line.text, intent: line.intent, status: line.status, intentAny: line.intent_any, statusAny: line.status_any, lang: line.lang };
    });
}
