import type { StatusKey } from '../../domain/statusKeys';
import { LESSONS, questionById, type LessonId, type OptionId } from './courseBank';

export interface AnswerRecord {
  chosen: OptionId;
  correct: boolean;
}

/** The person taking the course, so a supervisor can find them: ids the channel vouches for, and a display name. */
export interface Learner {
  ids: string[];
  name?: string;
}

/** One learner's place and results in the course: plain data, kept in the bot's user state between turns and days. */
export interface CourseProgress {
  /** Position in LESSONS; LESSONS.length once every lesson is behind. */
  lesson: number;
  /** `lesson`: the lesson was shown, its quiz not started; `quiz`: questions[position] waits for an answer; `done`: finished. */
  stage: 'lesson' | 'quiz' | 'done';
  /** The questions of the current quiz (the lesson's draw, or the missed ones on a retake), in order. */
  questions: string[];
  position: number;
  retake: boolean;
  /** The latest answer to each question asked in this run. */
  answers: Record<string, AnswerRecord>;
  skipped: LessonId[];
  paused: boolean;
  /** How many times the course was started (a new run draws other questions). */
  run: number;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  learner: Learner;
}

export interface Score {
  right: number;
  answered: number;
}

export function newProgress(learner: Learner, now: Date, run = 1): CourseProgress {
  const at = now.toISOString();
  return { lesson: 0, stage: 'lesson', questions: [], position: 0, retake: false, answers: {}, skipped: [], paused: false, run, startedAt: at, updatedAt: at, learner };
}

export function currentLesson(progress: CourseProgress): LessonId | undefined {
  return LESSONS[progress.lesson];
}

export function currentQuestion(progress: CourseProgress): string | undefined {
  return progress.stage === 'quiz' ? progress.questions[progress.position] : undefined;
}

/** Right answers over questions answered, in the whole run or in one lesson. */
export function scoreOf(progress: CourseProgress, lesson?: LessonId): Score {
  let right = 0;
  let answered = 0;
  for (const [id, record] of Object.entries(progress.answers)) {
    if (lesson && questionById(id)?.lesson !== lesson) continue;
    answered++;
    if (record.correct) right++;
  }
  return { right, answered };
}

/** Questions whose latest answer was wrong, in the order they were asked. */
export function missedQuestions(progress: CourseProgress): string[] {
  return Object.entries(progress.answers)
    .filter(([, record]) => !record.correct)
    .map(([id]) => id);
}

/** The statuses to go over again: the topics of missed questions, most missed first. */
export function topicsToReview(progress: CourseProgress): StatusKey[] {
  const counts = new Map<StatusKey, number>();
  for (const id of missedQuestions(progress)) {
    const topic = questionById(id)?.topic;
    if (topic) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([topic]) => topic);
}

/** A stored progress that this version of the course can use (state written by an older or newer build is dropped). */
export function isUsableProgress(value: unknown): value is CourseProgress {
  if (!value || typeof value !== 'object') return false;
  const p = value as Partial<CourseProgress>;
  return (
    typeof p.lesson === 'number' &&
    p.lesson >= 0 &&
    p.lesson <= LESSONS.length &&
    (p.stage === 'lesson' || p.stage === 'quiz' || p.stage === 'done') &&
    Array.isArray(p.questions) &&
    p.questions.every((id) => typeof id === 'string' && questionById(id) !== undefined) &&
    typeof p.position === 'number' &&
    (p.stage !== 'quiz' || p.position < p.questions.length) &&
    typeof p.answers === 'object' &&
    p.answers !== null &&
    Array.isArray(p.skipped) &&
    typeof p.run === 'number' &&
    typeof p.learner === 'object' &&
    p.learner !== null &&
    Array.isArray(p.learner.ids)
  );
}
