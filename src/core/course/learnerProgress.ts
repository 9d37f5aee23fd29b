import { mayFollowLearner } from '../../access/accessControl';
import type { AuditLog } from '../../access/auditLog';
import type { AccessPolicy } from '../../access/roles';
import { idKey, type Viewer } from '../../access/viewer';
import { normalize } from '../../nlu/normalize';
import type { Answer, Suggestion } from '../answer';
import { formatPercent, joinList } from '../format';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import { LESSONS } from './courseBank';
import { courseButton, placeText, resultAnswer } from './courseAnswers';
import { isUsableProgress, scoreOf, topicsToReview, type CourseProgress } from './courseProgress';

/** Everyone who has started the course, as the bot's user state holds them. */
export interface LearnerDirectory {
  learners(): Promise<CourseProgress[]>;
}

export const NO_LEARNERS: LearnerDirectory = { learners: async () => [] };

/** The learners a question names: by an id or email in it, else by full name, else by a first or last name. */
export function namedLearners(text: string, learners: readonly CourseProgress[]): CourseProgress[] {
  const lower = text.toLowerCase();
  const byId = learners.filter((p) => p.learner.ids.some((id) => id.length >= 3 && lower.includes(idKey(id))));
  if (byId.length) return byId;
  const words = ` ${normalize(text)} `;
  const named = learners.filter((p) => p.learner.name && normalize(p.learner.name));
  const full = named.filter((p) => words.includes(` ${normalize(p.learner.name!)} `));
  if (full.length) return full;
  return named.filter((p) => normalize(p.learner.name!).split(' ').some((part) => part.length >= 3 && words.includes(` ${part} `)));
}

/** Capitalised words that name no one: the course's own words, written with a capital out of habit. */
const NOT_NAMES = new Set(['course', 'quiz', 'training', 'onboarding', 'lesson', 'lessons', 'score', 'progress', 'curso', 'capacitacion', 'induccion', 'leccion', 'lecciones', 'cuestionario', 'nota', 'progreso']);

/** Does the question name someone (an email, or a capitalised word past the first)? Then "my progress" is not meant. */
export function namesSomeone(text: string): boolean {
  if (/\S+@\S+\.\S+/.test(text)) return true;
  const words = text.split(/\s+/).slice(1);
  return words.some((word) => /^\p{Lu}\p{Ll}{2,}/u.test(word) && !NOT_NAMES.has(normalize(word)));
}

function progressLine(progress: CourseProgress, lang: Lang): string {
  const t = translator(lang);
  const score = scoreOf(progress);
  const scored = score.answered ? t('course:progress.score', { right: score.right, answered: score.answered, percent: formatPercent(score.right, score.answered, lang) }) : t('course:progress.noAnswers');
  const review = topicsToReview(progress).map((key) => statusEntry(key, lang).title);
  const parts = [progress.stage === 'done' ? t('course:progress.finished') : t('course:progress.at', { place: placeText(progress, lang) }), scored];
  if (progress.paused && progress.stage !== 'done') parts.push(t('course:progress.paused'));
  if (review.length) parts.push(t('course:progress.review', { topics: joinList(review.slice(0, 4), lang) }));
  return parts.join(' ');
}

/** The asker's own progress: where they are and their score, or the way in when they have not started. */
export function ownProgressAnswer(progress: CourseProgress | undefined, lang: Lang): Answer {
  const t = translator(lang);
  if (!progress) return { kind: 'course', language: lang, text: t('course:progress.notStarted', { lessons: LESSONS.length }), suggestions: [courseButton('start', lang)] };
  if (progress.stage === 'done') return resultAnswer(progress, lang);
  return { kind: 'course', language: lang, text: t('course:progress.yours', { line: progressLine(progress, lang) }), suggestions: [courseButton('continue', lang)] };
}

/** Someone else's progress, as a supervisor sees it. */
function othersProgressAnswer(progress: CourseProgress, lang: Lang): Answer {
  const t = translator(lang);
  const name = progress.learner.name ?? progress.learner.ids[0] ?? '?';
  return { kind: 'course', language: lang, text: t('course:progress.theirs', { name, line: progressLine(progress, lang) }), suggestions: [] };
}

/** Nobody by that name, or nobody the asker may follow: the same words either way. */
function refusedAnswer(lang: Lang): Answer {
  return { kind: 'access', language: lang, text: translator(lang)('course:progress.refused'), suggestions: [courseButton('start', lang)] };
}

function whichLearnerAnswer(learners: readonly CourseProgress[], lang: Lang): Answer {
  const t = translator(lang);
  const suggestions: Suggestion[] = learners.slice(0, 6).map((p) => {
    const text = t('course:progress.ask', { who: p.learner.ids[0] ?? p.learner.name ?? '' });
    return { label: p.learner.name ?? p.learner.ids[0] ?? text, text };
  });
  return { kind: 'clarify', language: lang, text: t('course:progress.which'), suggestions };
}

export interface ProgressQuestion {
  text: string;
  lang: Lang;
  viewer: Viewer;
  own: CourseProgress | undefined;
  now: Date;
}

/**
 * "How am I doing in the course?" gets the asker's progress; "how is Maria doing?" gets Maria's when the access rules
 * let the asker follow her, and the same refusal when they do not or when there is no Maria. Lookups of others are audited.
 */
export async function progressReply(question: ProgressQuestion, directory: LearnerDirectory, policy: AccessPolicy, audit: AuditLog): Promise<Answer> {
  const { text, lang, viewer, own } = question;
  const mine = new Set(viewer.ids.map(idKey));
  const isMe = (p: CourseProgress): boolean => p.learner.ids.some((id) => mine.has(idKey(id)));
  const all = (await directory.learners()).filter(isUsableProgress);
  const named = namedLearners(text, all);
  if (named.length === 0 ? !namesSomeone(text) : named.every(isMe)) return ownProgressAnswer(own, lang);
  const others = named.filter((p) => !isMe(p));
  const allowed = others.filter((p) => mayFollowLearner(policy, viewer, p.learner.ids));
  const record = (target: string, decision: 'allowed' | 'refused' | 'not_found'): Promise<void> =>
    audit.record({ at: question.now.toISOString(), who: [...viewer.ids], channel: viewer.channel, action: 'course.progress', target, decision });
  if (allowed.length === 0) {
    await record(others[0]?.learner.ids[0] ?? 'unknown', others.length ? 'refused' : 'not_found');
    return refusedAnswer(lang);
  }
  if (allowed.length > 1) return whichLearnerAnswer(allowed, lang);
  await record(allowed[0]!.learner.ids[0] ?? 'unknown', 'allowed');
  return othersProgressAnswer(allowed[0]!, lang);
}
