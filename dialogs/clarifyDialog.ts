import { ComponentDialog, Dialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogKit';
import type { ClarifyOption, Clarification, Resolution } from '../src/core/answers/clarifyAnswers';
import { translator } from '../src/content/i18n';
import { pickOption } from '../src/core/pickOption';
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

/** Which option a reply picks: its button text, its number, a status it names or a word of its label that only one option has. */
export function pickClarifyOption(reply: Recognition, options: readonly ClarifyOption[]): ClarifyOption | undefined {
  const choices = options.map((option) => ({ value: option, names: [option.label], status: option.resolution.status }));
  return pickOption(reply.text, choices, { positions: 'ordinals', statuses: reply.entities.status, byWords: true });
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
    const picked = pickClarifyOption(reply, clarification.options);
    if (picked) return step.endDialog({ recognition: { ...recognition, language: reply.language }, resolution: picked.resolution } satisfies ClarifyResult);
    if (reply.intent !== 'None' || retried) return step.endDialog({ reroute: true } satisfies ClarifyResult);
    return step.replaceDialog(STEPS, { ...step.options, retried: true } satisfies ClarifyOptions);
  }
}
