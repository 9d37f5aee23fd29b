import type { Answer } from '../answer';
import type { Lang } from '../../domain/language';
import { seedOf, shuffled } from '../random';
import { LESSONS, questionById, questionsOf, type LessonId } from './courseBank';
import {
  feedbackAnswer,
  introAnswer,
  lessonAnswer,
  lessonDoneAnswer,
  lessonSkippedAnswer,
  nothingToRetakeAnswer,
  pausedAnswer,
  questionAnswer,
  resultAnswer,
  welcomeBackAnswer,
} from './courseAnswers';
import type { CourseAction } from './courseInput';
import { missedQuestions, newProgress, type CourseProgress, type Learner } from './courseProgress';

export const QUESTIONS_PER_LESSON = 4;

/** After a pause, or this long away, "continue" says where the learner is before going on. */
const WELCOME_BACK_AFTER_MS = 60 * 60 * 1000;

export interface CourseTurn {
  progress: CourseProgress;
  answers: Answer[];
}

/**
 * The lesson's quiz for this learner and run: a seeded draw from the lesson's bank, so a second run asks other
 * questions, and questions this learner already got right come last.
 */
function drawQuestions(progress: CourseProgress, lesson: LessonId): string[] {
  const seed = seedOf(`${progress.learner.ids[0] ?? ''}|${progress.run}|${lesson}`);
  const pool = shuffled(
    questionsOf(lesson).map((q) => q.id),
    seed,
  );
  const fresh = pool.filter((id) => !progress.answers[id]?.correct);
  const known = pool.filter((id) => progress.answers[id]?.correct);
  return [...fresh, ...known].slice(0, QUESTIONS_PER_LESSON);
}

/** What the learner sees now: the lesson, the waiting question, or the results. */
function currentStep(progress: CourseProgress, lang: Lang): Answer {
  if (progress.stage === 'lesson') return lessonAnswer(progress, lang);
  if (progress.stage === 'quiz') return questionAnswer(progress, lang);
  return resultAnswer(progress, lang);
}

/** Moves to the next lesson, or to the results after the last. */
function nextLesson(progress: CourseProgress, now: string): CourseProgress {
  const lesson = progress.lesson + 1;
  if (lesson < LESSONS.length) return { ...progress, lesson, stage: 'lesson', questions: [], position: 0 };
  return { ...progress, lesson: LESSONS.length, stage: 'done', questions: [], position: 0, finishedAt: now };
}

/**
 * One step of the course: plain progress and an action in, the new progress and what to say out. Every action is
 * safe in every state (a stale button tapped days later gets the current step, not an error).
 */
export function runCourse(previous: CourseProgress | undefined, action: CourseAction, learner: Learner, lang: Lang, now: Date): CourseTurn {
  const at = now.toISOString();
  const progress: CourseProgress = previous
    ? { ...previous, updatedAt: at, learner: { ids: learner.ids.length ? learner.ids : previous.learner.ids, name: learner.name ?? previous.learner.name } }
    : newProgress(learner, now);

  const fresh = (): CourseTurn => {
    const started = newProgress(progress.learner, now, previous ? previous.run + 1 : 1);
    return { progress: started, answers: [introAnswer(QUESTIONS_PER_LESSON, lang), lessonAnswer(started, lang)] };
  };

  switch (action.type) {
    case 'start':
      if (!previous) return fresh();
      if (previous.stage === 'done') return { progress, answers: [resultAnswer(progress, lang)] };
      return { progress: { ...progress, paused: false }, answers: [welcomeBackAnswer(progress, lang), currentStep(progress, lang)] };
    case 'restart':
      return fresh();
    case 'continue': {
      const away = previous && (previous.paused || now.getTime() - Date.parse(previous.updatedAt) > WELCOME_BACK_AFTER_MS);
      const answers = away && progress.stage !== 'done' ? [welcomeBackAnswer(progress, lang), currentStep(progress, lang)] : [currentStep(progress, lang)];
      return { progress: { ...progress, paused: false }, answers };
    }
    case 'stop':
      return { progress: { ...progress, paused: true }, answers: [pausedAnswer(progress, lang)] };
    case 'quiz': {
      if (progress.stage !== 'lesson') return { progress: { ...progress, paused: false }, answers: [currentStep(progress, lang)] };
      const quiz: CourseProgress = { ...progress, paused: false, stage: 'quiz', retake: false, questions: drawQuestions(progress, LESSONS[progress.lesson]!), position: 0 };
      return { progress: quiz, answers: [questionAnswer(quiz, lang)] };
    }
    case 'skip': {
      if (progress.stage === 'done') return { progress, answers: [resultAnswer(progress, lang)] };
      if (progress.retake) {
        const ended: CourseProgress = { ...progress, paused: false, stage: 'done', retake: false, questions: [], position: 0 };
        return { progress: ended, answers: [resultAnswer(ended, lang)] };
      }
      const lesson = LESSONS[progress.lesson]!;
      const skipped = progress.skipped.includes(lesson) ? progress.skipped : [...progress.skipped, lesson];
      const next = nextLesson({ ...progress, paused: false, skipped }, at);
      return { progress: next, answers: [lessonSkippedAnswer(lesson, lang), currentStep(next, lang)] };
    }
    case 'retake': {
      const missed = missedQuestions(progress);
      if (missed.length === 0) return { progress, answers: [nothingToRetakeAnswer(lang), currentStep(progress, lang)] };
      if (progress.stage !== 'done') return { progress: { ...progress, paused: false }, answers: [currentStep(progress, lang)] };
      const retake: CourseProgress = { ...progress, paused: false, stage: 'quiz', retake: true, questions: missed, position: 0 };
      return { progress: retake, answers: [questionAnswer(retake, lang)] };
    }
    case 'answer': {
      const id = progress.questions[progress.position];
      const question = id ? questionById(id) : undefined;
      if (progress.stage !== 'quiz' || !id || !question) return { progress, answers: [currentStep(progress, lang)] };
      const answered: CourseProgress = {
        ...progress,
        paused: false,
        answers: { ...progress.answers, [id]: { chosen: action.option, correct: action.option === question.answer } },
        position: progress.position + 1,
      };
      const answers = [feedbackAnswer(id, action.option, lang)];
      if (answered.position < answered.questions.length) return { progress: answered, answers: [...answers, questionAnswer(answered, lang)] };
      if (answered.retake) {
        const ended: CourseProgress = { ...answered, stage: 'done', retake: false, questions: [], position: 0 };
        return { progress: ended, answers: [...answers, resultAnswer(ended, lang)] };
      }
      const next = nextLesson(answered, at);
      return { progress: next, answers: [...answers, lessonDoneAnswer(answered, question.lesson, lang), currentStep(next, lang)] };
    }
  }
}
