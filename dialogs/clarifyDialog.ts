import { ComponentDialog, Dialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { ClarifyOption, Clarification, Resolution } from '../src/core/answers/clarifyAnswers';
import { translator } from '../src/content/i18n';
import { normalize } from '../src/nlu/normalize';
import type { Recognition } from '../src/domain/recognition';
import { CLARIFY_DIALOG } from './dialogIds';
import { sendAnswers } from './send';
import { turnRecognition } from './turnInput';

export interface ClarifyOptions {
  recognition: Recognition;
  clarification: Clarification;
  retried?: boolean;
}

/** How a clarification ends: an option picked, or a new question to route as any other message. */
export type ClarifyResult = { recognition: Recognition; resolution: Resolution } | { reroute: true };

const STEPS = 'clarifySteps';

const ORDINALS: Record<string, number> = { '1': 0, '2': 1, '3': 2, first: 0, second: 1, third: 2, primero: 0, primera: 0, segundo: 1, segunda: 1, tercero: 2, tercera: 2 };

/** Which option a reply picks: its button text, its number, or a status it names that only one option has. */
export function pickOption(reply: Recognition, options: readonly ClarifyOption[]): ClarifyOption | undefined {
  const said = normalize(reply.text);
  const byLabel = options.find((option) => normalize(option.label) === said);
  if (byLabel) return byLabel;
  const byOrdinal = said.split(' ').map((word) => ORDINALS[word]).find((index) => index !== undefined);
  if (byOrdinal !== undefined && options[byOrdinal]) return options[byOrdinal];
  const named = options.filter((option) => option.resolution.status && reply.entities.status.includes(option.resolution.status));
  if (named.length === 1) return named[0];
  const byWords = options.filter((option) => normalize(option.label).split(' ').some((word) => word.length > 3 && said.split(' ').includes(word)));
  return byWords.length === 1 ? byWords[0] : undefined;
}

/**
 * Asks which reading was meant, with one button per reading, and waits for the pick. A reply that picks nothing but is
 * a question of its own is handed back to the router; anything else gets one polite second ask.
 */
export class ClarifyDialog extends ComponentDialog {
  constructor() {
    super(CLARIFY_DIALOG);
    this.addDialog(new WaterfallDialog(STEPS, [this.ask.bind(this), this.interpret.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async ask(step: WaterfallStepContext<ClarifyOptions>): Promise<DialogTurnResult> {
    const { clarification, retried } = step.options;
    const answer = retried ? { ...clarification.answer, text: translator(clarification.answer.language)('clarify.retry') } : clarification.answer;
    await sendAnswers(step.context, [answer]);
    return Dialog.EndOfTurn;
  }

  private async interpret(step: WaterfallStepContext<ClarifyOptions>): Promise<DialogTurnResult> {
    const { recognition, clarification, retried } = step.options;
    const reply = turnRecognition(step.context);
    const picked = pickOption(reply, clarification.options);
    if (picked) return step.endDialog({ recognition: { ...recognition, language: reply.language }, resolution: picked.resolution } satisfies ClarifyResult);
    if (reply.intent !== 'None' || retried) return step.endDialog({ reroute: true } satisfies ClarifyResult);
    return step.replaceDialog(STEPS, { ...step.options, retried: true } satisfies ClarifyOptions);
  }
}
