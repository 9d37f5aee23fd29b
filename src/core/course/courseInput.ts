import { translator } from '../../content/i18n';
import { LANGUAGES } from '../../domain/language';
import { normalize } from '../../nlu/normalize';
import type { Intent } from '../../domain/intents';
import { pickOption } from '../pickOption';
import { questionById, type OptionId } from './courseBank';
import { currentQuestion, type CourseProgress } from './courseProgress';

export const COURSE_COMMANDS = ['continue', 'quiz', 'skip', 'stop', 'retake', 'restart'] as const;
export type CourseCommand = (typeof COURSE_COMMANDS)[number];

/** What a message does to the course: start or resume it, a command, or an answer to the question waiting. */
export type CourseAction = { type: 'start' } | { type: CourseCommand } | { type: 'answer'; option: OptionId };

/** A course action, or a question about someone's progress in it. */
export type CourseRequest = CourseAction | { type: 'progress' };

/** Each command's words in both languages (a button's label is one of them), normalized once. */
let commandWords: Map<string, CourseCommand> | undefined;

function commands(): Map<string, CourseCommand> {
  if (commandWords) return commandWords;
  commandWords = new Map();
  for (const lang of LANGUAGES) {
    const t = translator(lang);
    for (const command of COURSE_COMMANDS) {
      const words = [t(`course:buttons.${command}`), ...(t(`course:commands.${command}`, { returnObjects: true }) as string[])];
      for (const phrase of words) commandWords.set(normalize(phrase), command);
    }
  }
  return commandWords;
}

/** An option of the waiting question: its letter alone ("b", "B)"), its letter and text, or its text in either language. */
function optionPicked(text: string, questionId: string): OptionId | undefined {
  const question = questionById(questionId);
  if (!question) return undefined;
  const choices = question.options.map((option) => ({
    value: option,
    names: LANGUAGES.map((lang) => translator(lang)(`lessons:questions.${questionId}.options.${option}.text`)),
  }));
  return pickOption(text, choices, { positions: 'letters' });
}

/**
 * Reads a message as a course action, or returns undefined when it is anything else (a question for the bot). Without
 * a course under way only "teach me" starts one; commands and answers only mean something to a learner.
 */
export function readCourseAction(text: string, intent: Intent, progress: CourseProgress | undefined): CourseRequest | undefined {
  const waiting = progress && currentQuestion(progress);
  const said = normalize(text);
  const option = waiting ? optionPicked(text, waiting) : undefined;
  if (option) return { type: 'answer', option };
  // a command's own words ("skip this lesson") are the command, whatever else they could be read as
  const command = progress && commands().get(said);
  // after the last lesson only these still mean something; "stop" or "skip" are then words for the bot
  if (command && (progress.stage !== 'done' || command === 'continue' || command === 'retake' || command === 'restart')) return { type: command };
  if (intent === 'course.progress') return { type: 'progress' };
  return intent === 'course.start' ? { type: 'start' } : undefined;
}
