import type { Recognition } from '../domain/recognition';

export const RECOGNIZER_RESULT_TYPE = 'https://www.botframework.com/schemas/recognizerResult';

export interface RecognizerResultValue {
  text: string;
  language: string;
  intents: Record<string, { score: number }>;
  entities: Record<string, string[]>;
}

/** The contract's RecognizerResult: what the Bot Framework Emulator and test tools read off channel `emulator`. */
export function toRecognizerResult(recognition: Recognition): RecognizerResultValue {
  const intents: Record<string, { score: number }> = {};
  for (const { intent, score } of recognition.intents) intents[intent] = { score: Math.round(score * 1000) / 1000 };
  const { status, contact, phone, campaign, language, aspect, list } = recognition.entities;
  const entities: Record<string, string[]> = { status: recognition.ambiguousStatus?.keys ?? status, contact, phone, campaign };
  if (language.length) entities.language = language;
  if (aspect.length) entities.aspect = aspect;
  if (list.conditions.length) entities.condition = list.conditions;
  return { text: recognition.text, language: recognition.language, intents, entities };
}
