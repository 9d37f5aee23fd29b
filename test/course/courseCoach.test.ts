import { expect } from 'chai';
import { LESSONS, QUESTIONS, questionById } from '../../src/core/course/courseBank';
import { QUESTIONS_PER_LESSON, runCourse, type CourseTurn } from '../../src/core/course/courseCoach';
import { readCourseAction, type CourseAction } from '../../src/core/course/courseInput';
import { namesSomeone } from '../../src/core/course/learnerProgress';
import { isUsableProgress, missedQuestions, scoreOf, topicsToReview, type CourseProgress } from '../../src/core/course/courseProgress';
import { translator } from '../../src/content/i18n';
import type { Lang } from '../../src/domain/language';
import { statusEntry } from '../../src/content/knowledgeBase';
import { optionLabel, wrongOption } from './quizKey';

const learner = { ids: ['29:learner-1'], name: 'Ana Torres' };
const now = new Date('2026-11-23T10:00:00Z');

function step(progress: CourseProgress | undefined, action: CourseAction, lang: Lang = 'en'): CourseTurn {
  const turn = runCourse(progress, action, learner, lang, now);
  expect(isUsableProgress(turn.progress), 'the saved progress is valid').to.equal(true);
  return turn;
}

/** Answers every question of the current quiz: right unless `miss` says which to get wrong. */
function answerQuiz(progress: CourseProgress, miss: (index: number) => boolean, lang: Lang = 'en'): CourseTurn {
  let turn: CourseTurn = { progress, answers: [] };
  const count = progress.questions.length;
  for (let i = 0; i < count; i++) {
    const question = questionById(turn.progress.questions[turn.progress.position]!)!;
    turn = step(turn.progress, { type: 'answer', option: miss(i) ? wrongOption(question) : question.answer }, lang);
  }
  return turn;
}

describe('the onboarding course (core)', () => {
  it('walks through every lesson and its quiz to a score, topics to review and next questions', () => {
    let turn = step(undefined, { type: 'start' });
    expect(turn.answers.map((a) => a.kind)).to.deep.equal(['course', 'course']);
    expect(turn.answers[0]!.text).to.contain(`${LESSONS.length} short lessons`);
    expect(turn.answers[1]!.card?.title).to.equal(`Lesson 1 of ${LESSONS.length}: ${translator('en')('lessons:lessons.call_states.title')}`);
    expect(turn.answers[1]!.suggestions.map((s) => s.label)).to.deep.equal(['Start the quiz', 'Skip this lesson', 'Stop the course']);

    const missedIds: string[] = [];
    for (let lesson = 0; lesson < LESSONS.length; lesson++) {
      turn = step(turn.progress, { type: 'quiz' });
      expect(turn.progress.questions).to.have.length(QUESTIONS_PER_LESSON);
      expect(turn.progress.questions.every((id) => questionById(id)?.lesson === LESSONS[lesson])).to.equal(true);
      const question = questionById(turn.progress.questions[0]!)!;
      expect(turn.answers[0]!.text).to.contain(translator('en')(`lessons:questions.${question.id}.scenario`));
      expect(turn.answers[0]!.suggestions.map((s) => s.label)).to.include.members(question.options.map((o) => optionLabel(question, o, 'en')));
      missedIds.push(turn.progress.questions[1]!);
      turn = answerQuiz(turn.progress, (i) => i === 1);
    }
    expect(turn.progress.stage).to.equal('done');
    expect(scoreOf(turn.progress)).to.deep.equal({ right: 3 * LESSONS.length, answered: 4 * LESSONS.length });
    expect(missedQuestions(turn.progress)).to.deep.equal(missedIds);
    const result = turn.answers[turn.answers.length - 1]!;
    expect(result.text).to.contain(`You got ${3 * LESSONS.length} of ${4 * LESSONS.length} questions right (75%)`);
    for (const topic of topicsToReview(turn.progress)) expect(result.text).to.contain(statusEntry(topic, 'en').title);
    expect(result.text).to.contain('Good next questions to ask me');
    expect(result.suggestions.map((s) => s.label)).to.include.members(['Retake missed questions', 'Start the course over']);
  });

  it('explains a right answer, and a wrong one with the right answer and why', () => {
    const quiz = step(step(undefined, { type: 'start' }).progress, { type: 'quiz' });
    const question = questionById(quiz.progress.questions[0]!)!;
    const t = translator('en');
    const right = step(quiz.progress, { type: 'answer', option: question.answer });
    expect(right.answers[0]!.text).to.equal(`✅ Right! ${t(`lessons:questions.${question.id}.options.${question.answer}.why`)}`);
    const wrong = wrongOption(question);
    const missed = step(quiz.progress, { type: 'answer', option: wrong });
    expect(missed.answers[0]!.text).to.contain(`❌ Not quite. ${t(`lessons:questions.${question.id}.options.${wrong}.why`)}`);
    expect(missed.answers[0]!.text).to.contain(`The answer is **${optionLabel(question, question.answer, 'en')}**`);
    // the next question follows at once
    expect(missed.answers[1]!.text).to.contain('Question 2 of 4');
  });

  it('skips a lesson (it goes on the review list), pauses and resumes at the same place', () => {
    const started = step(undefined, { type: 'start' }, 'es');
    const skipped = step(started.progress, { type: 'skip' }, 'es');
    expect(skipped.progress.lesson).to.equal(1);
    expect(skipped.progress.skipped).to.deep.equal([LESSONS[0]]);
    expect(skipped.answers[0]!.text).to.contain('Lección saltada');
    const quiz = step(skipped.progress, { type: 'quiz' }, 'es');
    const afterOne = step(quiz.progress, { type: 'answer', option: questionById(quiz.progress.questions[0]!)!.answer }, 'es');
    const paused = step(afterOne.progress, { type: 'stop' }, 'es');
    expect(paused.progress.paused).to.equal(true);
    expect(paused.answers[0]!.text).to.contain('la pregunta 2 de 4 de la lección 2');
    const resumed = step(paused.progress, { type: 'start' }, 'es');
    expect(resumed.progress.paused).to.equal(false);
    expect(resumed.answers[0]!.text).to.contain('¡Hola de nuevo! Vas por la lección 2');
    expect(resumed.answers[1]!.text).to.contain('Pregunta 2 de 4');
  });

  it('retakes only the missed questions and updates the score', () => {
    let turn = step(undefined, { type: 'start' });
    for (let lesson = 0; lesson < LESSONS.length; lesson++) turn = answerQuiz(step(turn.progress, { type: 'quiz' }).progress, (i) => i === 0);
    const missed = missedQuestions(turn.progress);
    expect(missed).to.have.length(LESSONS.length);
    const retake = step(turn.progress, { type: 'retake' });
    expect(retake.progress.questions).to.deep.equal(missed);
    expect(retake.answers[0]!.text).to.contain(`Retake: question 1 of ${missed.length}`);
    const done = answerQuiz(retake.progress, () => false);
    expect(done.progress.stage).to.equal('done');
    expect(missedQuestions(done.progress)).to.deep.equal([]);
    expect(done.answers[done.answers.length - 1]!.text).to.contain(`${4 * LESSONS.length} of ${4 * LESSONS.length} questions right (100%)`);
    expect(step(done.progress, { type: 'retake' }).answers[0]!.text).to.contain('no missed questions');
  });

  it('draws other questions on a second run, and never fails on a stale button', () => {
    const first = step(step(undefined, { type: 'start' }).progress, { type: 'quiz' });
    const again = step(step(first.progress, { type: 'restart' }).progress, { type: 'quiz' });
    expect(again.progress.run).to.equal(2);
    expect(again.progress.questions).to.not.deep.equal(first.progress.questions);
    // an answer while a lesson (not a quiz) is showing: the lesson again, nothing recorded
    const lesson = step(undefined, { type: 'start' });
    const stale = step(lesson.progress, { type: 'answer', option: 'a' });
    expect(stale.progress.answers).to.deep.equal({});
    expect(stale.answers[0]!.card?.title).to.contain('Lesson 1 of');
  });

  it('reads answers as letters, letter and text, or the text in either language, and leaves questions alone', () => {
    const quiz = step(step(undefined, { type: 'start' }).progress, { type: 'quiz' }).progress;
    const question = questionById(quiz.questions[0]!)!;
    const option = question.options[1]!;
    const read = (text: string) => readCourseAction(text, 'None', quiz);
    expect(read(option)).to.deep.equal({ type: 'answer', option });
    expect(read(`${option.toUpperCase()})`)).to.deep.equal({ type: 'answer', option });
    expect(read(optionLabel(question, option, 'en'))).to.deep.equal({ type: 'answer', option });
    expect(read(translator('es')(`lessons:questions.${question.id}.options.${option}.text`))).to.deep.equal({ type: 'answer', option });
    expect(read('a qué hora llamo mejor')).to.equal(undefined);
    expect(read('what does busy mean?')).to.equal(undefined);
    expect(read('Skip this lesson')).to.deep.equal({ type: 'skip' });
    expect(read('parar')).to.deep.equal({ type: 'stop' });
    expect(readCourseAction('stop', 'None', undefined), 'no course: a command is just words').to.equal(undefined);
    expect(readCourseAction('teach me the statuses', 'course.start', undefined)).to.deep.equal({ type: 'start' });
    expect(readCourseAction('how am I doing', 'course.progress', undefined)).to.deep.equal({ type: 'progress' });
  });

  it('refuses stored progress it cannot use (another build of the course, junk)', () => {
    const good = step(undefined, { type: 'start' }).progress;
    expect(isUsableProgress(good)).to.equal(true);
    expect(isUsableProgress({ ...good, questions: ['no-such-question'] })).to.equal(false);
    expect(isUsableProgress({ ...good, lesson: 99 })).to.equal(false);
    expect(isUsableProgress({ ...good, stage: 'quiz', questions: [], position: 0 })).to.equal(false);
    expect(isUsableProgress('junk')).to.equal(false);
    expect(QUESTIONS.length).to.be.at.least(40);
  });
});

describe('whose course progress a question is about', () => {
  it('reads a name or an email as someone else, and the course words as not a name', () => {
    expect(namesSomeone('how is Ana doing in the course?')).to.equal(true);
    expect(namesSomeone('course progress of agent@contoso.com')).to.equal(true);
    expect(namesSomeone('¿cómo va Luis en el curso?')).to.equal(true);
    expect(namesSomeone('How am I doing in the Course?')).to.equal(false);
    expect(namesSomeone('¿Cómo voy en el Curso?')).to.equal(false);
    expect(namesSomeone("what's my Quiz score")).to.equal(false);
  });
});
