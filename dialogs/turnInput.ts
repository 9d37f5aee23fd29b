import type { TurnContext } from 'botbuilder';
import type { Recognition } from '../src/domain/recognition';

/** Where the bot leaves this turn's recognition for the dialogs: recognised once per message, traced once. */
export const RECOGNITION_KEY = Symbol('recognition');

export function turnRecognition(context: TurnContext): Recognition {
  const recognition = context.turnState.get(RECOGNITION_KEY) as Recognition | undefined;
  if (!recognition) throw new Error('the bot runs dialogs only for recognised messages');
  return recognition;
}
