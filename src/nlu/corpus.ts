import { readFileSync } from 'node:fs';
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
