import type { TurnContext } from 'botbuilder';
import { renderAnswer } from '../src/render/renderAnswer';
import type { Answer } from '../src/core/answer';

export async function sendAnswers(context: TurnContext, answers: readonly Answer[]): Promise<void> {
  if (answers.length === 0) return;
  await context.sendActivities(answers.map((answer) => renderAnswer(answer, context.activity)));
}
