import { translator } from '../../src/content/i18n';
import { normalize } from '../../src/nlu/normalize';
import type { Lang } from '../../src/domain/language';
import { QUESTIONS, type OptionId, type QuestionSpec } from '../../src/core/course/courseBank';

/** The bank question whose scenario a reply shows (the test's answer key, read from the same bank the bot uses). */
export function questionShown(text: string, lang: Lang): QuestionSpec {
  const t = translator(lang);
  // compared without punctuation: Web Chat's markdown turns straight quotes into curly ones
  const shown = normalize(text);
  const found = QUESTIONS.filter((q) => shown.includes(normalize(t(`lessons:questions.${q.id}.scenario`))));
  if (found.length !== 1) throw new Error(`expected one question in: ${text.slice(0, 300)}`);
  return found[0]!;
}

/** The button label of an option: "B. IVR contact". */
export function optionLabel(question: QuestionSpec, option: OptionId, lang: Lang): string {
  return `${option.toUpperCase()}. ${translator(lang)(`lessons:questions.${question.id}.options.${option}.text`)}`;
}

export function wrongOption(question: QuestionSpec): OptionId {
  return question.options.find((option) => option !== question.answer)!;
}
