import { LANGUAGES, type Lang } from '../../src/domain/language';
import { shuffled } from '../../src/core/random';
import type { LabelledUtterance, TrainingCorpus } from '../../src/nlu/corpus';
import type { Intent } from '../../src/domain/intents';

export interface Fold {
  corpora: Record<Lang, TrainingCorpus>;
  heldOut: LabelledUtterance[];
}

/**
 * k folds of one language's training corpus, each intent split evenly: train on k-1 parts, score on the rest.
 * The other language's corpus stays whole, since the recognizer trains both.
 */
export function crossValidationFolds(lang: Lang, corpora: Record<Lang, TrainingCorpus>, k = 5, seed = 7): Fold[] {
  const parts: LabelledUtterance[][] = Array.from({ length: k }, () => []);
  for (const [intent, lines] of Object.entries(corpora[lang].intents) as [Intent, string[]][]) {
    shuffled(lines, seed).forEach((text, i) => parts[i % k]!.push({ text, intent, lang }));
  }
  return parts.map((heldOut, fold) => {
    const training: Partial<Record<Intent, string[]>> = {};
    parts.forEach((part, i) => {
      if (i === fold) return;
      for (const line of part) (training[line.intent] ??= []).push(line.text);
    });
    const corpus: TrainingCorpus = { ...corpora[lang], intents: training };
    const other = Object.fromEntries(LANGUAGES.filter((l) => l !== lang).map((l) => [l, corpora[l]]));
    return { corpora: { ...other, [lang]: corpus } as Record<Lang, TrainingCorpus>, heldOut };
  });
}
