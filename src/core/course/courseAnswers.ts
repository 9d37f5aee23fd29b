import type { Answer, Suggestion } from '../answer';
import { explainSuggestion } from '../answers/statusAnswers';
import { formatPercent, joinList } from '../format';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import { LESSONS, questionById, type LessonId, type OptionId } from './courseBank';
import { missedQuestions, scoreOf, topicsToReview, type CourseProgress } from './courseProgress';
import type { CourseCommand } from './courseInput';

const LETTERS: Record<OptionId, string> = { a: 'A', b: 'B', c: 'C', d: 'D' };

export function courseButton(command: CourseCommand | 'start', lang: Lang): Suggestion {
  const label = translator(lang)(`course:buttons.${command}`);
  return { label, text: label };
}

function courseAnswer(lang: Lang, text: string, suggestions: Suggestion[], card?: Answer['card']): Answer {
  return { kind: 'course', language: lang, text, suggestions, ...(card ? { card } : {}) };
}

export function lessonTitle(lesson: LessonId, lang: Lang): string {
  return translator(lang)(`lessons:lessons.${lesson}.title`);
}

function lessonNumbers(progress: CourseProgress, lang: Lang): { lesson: number; lessons: number; title: string } {
  const lesson = LESSONS[Math.min(progress.lesson, LESSONS.length - 1)]!;
  return { lesson: progress.lesson + 1, lessons: LESSONS.length, title: lessonTitle(lesson, lang) };
}

function optionText(questionId: string, option: OptionId, lang: Lang): string {
  return `${LETTERS[option]}. ${translator(lang)(`lessons:questions.${questionId}.options.${option}.text`)}`;
}

export function introAnswer(questionsPerLesson: number, lang: Lang): Answer {
  return courseAnswer(lang, translator(lang)('course:intro', { lessons: LESSONS.length, questions: questionsPerLesson }), []);
}

export function welcomeBackAnswer(progress: CourseProgress, lang: Lang): Answer {
  const score = scoreOf(progress);
  const t = translator(lang);
  const parts = [t('course:welcomeBack', lessonNumbers(progress, lang))];
  if (score.answered > 0) parts.push(t('course:soFar', { right: score.right, answered: score.answered }));
  return courseAnswer(lang, parts.join(' '), []);
}

/** A lesson: what it teaches as short points and a tip, then the way into its quiz. */
export function lessonAnswer(progress: CourseProgress, lang: Lang): Answer {
  const t = translator(lang);
  const lesson = LESSONS[progress.lesson]!;
  const title = t('course:lessonTitle', lessonNumbers(progress, lang));
  const intro = t(`lessons:lessons.${lesson}.intro`);
  const points = t(`lessons:lessons.${lesson}.points`, { returnObjects: true }) as string[];
  const tip = t(`lessons:lessons.${lesson}.tip`);
  // as with status entries, the text is the short version and the card holds the points
  const text = [`**${title}**`, intro, t('course:lessonNext')].join('\n\n');
  return courseAnswer(lang, text, [courseButton('quiz', lang), courseButton('skip', lang), courseButton('stop', lang)], {
    title,
    sections: [{ bullets: points }, { heading: t('course:tip'), text: tip, emphasis: true }],
  });
}

/** The waiting question: a scenario and its options, each a button. */
export function questionAnswer(progress: CourseProgress, lang: Lang): Answer {
  const t = translator(lang);
  const id = progress.questions[progress.position]!;
  const question = questionById(id)!;
  const numbers = { position: progress.position + 1, count: progress.questions.length, title: lessonTitle(question.lesson, lang) };
  const title = t(progress.retake ? 'course:retakeTitle' : 'course:questionTitle', numbers);
  const scenario = t(`lessons:questions.${id}.scenario`);
  const options = question.options.map((option) => optionText(id, option, lang));
  const controls = progress.retake ? [courseButton('stop', lang)] : [courseButton('skip', lang), courseButton('stop', lang)];
  // no card: the scenario and its options read best as one short message, the options as buttons under it
  return courseAnswer(lang, [`**${title}** · ${numbers.title}`, scenario, options.map((o) => `- ${o}`).join('\n')].join('\n\n'), [
    ...options.map((label) => ({ label, text: label })),
    ...controls,
  ]);
}

/** Right or wrong, and why: the chosen option's explanation, and the right one's when it was missed. */
export function feedbackAnswer(questionId: string, chosen: OptionId, lang: Lang): Answer {
  const t = translator(lang);
  const question = questionById(questionId)!;
  const why = (option: OptionId): string => t(`lessons:questions.${questionId}.options.${option}.why`);
  if (chosen === question.answer) return courseAnswer(lang, `${t('course:right')} ${why(chosen)}`, []);
  const text = [`${t('course:wrong')} ${why(chosen)}`, t('course:theAnswer', { answer: optionText(questionId, question.answer, lang), why: why(question.answer) })];
  return courseAnswer(lang, text.join('\n\n'), []);
}

export function lessonDoneAnswer(progress: CourseProgress, lesson: LessonId, lang: Lang): Answer {
  const score = scoreOf(progress, lesson);
  return courseAnswer(lang, translator(lang)('course:lessonDone', { title: lessonTitle(lesson, lang), right: score.right, answered: score.answered }), []);
}

export function lessonSkippedAnswer(lesson: LessonId, lang: Lang): Answer {
  return courseAnswer(lang, translator(lang)('course:lessonSkipped', { title: lessonTitle(lesson, lang) }), []);
}

/** Where the learner is, in words: "question 2 of 4 of lesson 1 (Call states)". */
export function placeText(progress: CourseProgress, lang: Lang): string {
  const t = translator(lang);
  if (progress.stage === 'done') return t('course:place.done');
  const numbers = lessonNumbers(progress, lang);
  if (progress.stage === 'quiz') return t('course:place.question', { ...numbers, position: progress.position + 1, count: progress.questions.length });
  return t('course:place.lesson', numbers);
}

export function pausedAnswer(progress: CourseProgress, lang: Lang): Answer {
  return courseAnswer(lang, translator(lang)('course:paused', { place: placeText(progress, lang) }), [courseButton('continue', lang)]);
}

export function nothingToRetakeAnswer(lang: Lang): Answer {
  return courseAnswer(lang, translator(lang)('course:retakeNone'), []);
}

function topicTitles(progress: CourseProgress, lang: Lang): string[] {
  return topicsToReview(progress).map((key) => statusEntry(key, lang).title);
}

/** The end of the course (or of a retake): the score, each lesson's, the topics to review, and questions to ask next. */
export function resultAnswer(progress: CourseProgress, lang: Lang): Answer {
  const t = translator(lang);
  const score = scoreOf(progress);
  const percent = formatPercent(score.right, score.answered, lang);
  const topics = topicTitles(progress, lang);
  const skipped = progress.skipped.map((lesson) => lessonTitle(lesson, lang));
  const tryAsking = t('course:result.tryAsking', { returnObjects: true }) as string[];
  const review = [...topics, ...skipped.map((title) => t('course:result.skippedLesson', { title }))];
  const parts = [t('course:result.score', { right: score.right, answered: score.answered, percent })];
  parts.push(review.length ? t('course:result.review', { topics: joinList(review, lang) }) : t('course:result.nothingToReview'));
  parts.push(t('course:result.next', { questions: tryAsking.map((text) => t('course:result.quoted', { text })).join(' · ') }));
  const buttons: Suggestion[] = [
    ...topicsToReview(progress).slice(0, 3).map((key) => explainSuggestion(key, lang)),
    ...(missedQuestions(progress).length ? [courseButton('retake', lang)] : []),
    ...tryAsking.slice(0, 1).map((q) => ({ label: q, text: q })),
    courseButton('restart', lang),
  ];
  return courseAnswer(lang, parts.join('\n\n'), buttons, {
    title: t('course:result.title'),
    subtitle: t('course:result.score', { right: score.right, answered: score.answered, percent }),
    sections: [
      {
        facts: LESSONS.map((lesson) => {
          const s = scoreOf(progress, lesson);
          const value = progress.skipped.includes(lesson) && s.answered === 0 ? t('course:result.skipped') : t('course:result.lessonScore', { right: s.right, answered: s.answered });
          return { title: lessonTitle(lesson, lang), value };
        }),
      },
      { heading: t('course:result.reviewHeading'), ...(review.length ? { bullets: review } : { text: t('course:result.nothingToReview') }), emphasis: review.length > 0 },
      { heading: t('course:result.nextHeading'), bullets: tryAsking },
    ],
  });
}

/** Answers to a question asked mid-course, with a button back to the learner's place on the last one. */
export function withContinueButton(answers: readonly Answer[], progress: CourseProgress | undefined): Answer[] {
  const last = answers[answers.length - 1];
  if (!last || !progress || progress.paused || progress.stage === 'done') return [...answers];
  const back = courseButton('continue', last.language);
  if (last.suggestions.some((s) => s.text === back.text)) return [...answers];
  return [...answers.slice(0, -1), { ...last, suggestions: [back, ...last.suggestions] }];
}
