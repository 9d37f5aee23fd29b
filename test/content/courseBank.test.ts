import { expect } from 'chai';
import { LESSONS, QUESTIONS, questionById, questionsOf, type LessonId, type OptionId } from '../../src/core/course/courseBank';
import { loadResources } from '../../src/content/i18n';
import { LANGUAGES } from '../../src/domain/language';
import { STATUS_GROUPS, isStatusKey } from '../../src/domain/statusKeys';
import { normalize } from '../../src/nlu/normalize';

interface OptionText {
  text: string;
  why: string;
}
interface QuestionText {
  scenario: string;
  options: Partial<Record<OptionId, OptionText>>;
}
interface LessonText {
  title: string;
  intro: string;
  points: string[];
  tip: string;
}
interface LessonsNamespace {
  lessons: Record<string, LessonText>;
  questions: Record<string, QuestionText>;
}

const MAX_OPTION_LENGTH = 40;
const ALL_OPTIONS: readonly OptionId[] = ['a', 'b', 'c', 'd'];
const MIN_PER_LESSON: Record<LessonId, number> = { call_states: 14, attempts: 10, campaigns: 10, call_results: 10 };
/** The engine says whether the answer was right; an explanation must not say it again ("Incorrect number" is a status, not a verdict). */
const VERDICT = /^(right|correct|wrong|incorrect(?! number)|not quite|exactly|yes|nope|correcto|incorrecto|exacto|bien|mal|error|casi)\b/i;

describe('course bank', () => {
  const resources = loadResources();
  const texts = Object.fromEntries(LANGUAGES.map((lang) => [lang, resources[lang].lessons as LessonsNamespace | undefined]));

  it('has a lessons namespace in every language', () => {
    for (const lang of LANGUAGES) {
      expect(texts[lang], lang).to.be.an('object');
      expect(texts[lang]!.lessons, `${lang} lessons`).to.be.an('object');
      expect(texts[lang]!.questions, `${lang} questions`).to.be.an('object');
    }
  });

  it('has at least 44 questions, at least 40 written out per language', () => {
    expect(QUESTIONS.length).to.be.at.least(44);
    for (const lang of LANGUAGES) expect(Object.keys(texts[lang]!.questions).length, lang).to.be.at.least(40);
  });

  it('gives every question a unique id that questionById finds', () => {
    const ids = QUESTIONS.map((q) => q.id);
    expect(new Set(ids).size, 'duplicate ids').to.equal(ids.length);
    for (const q of QUESTIONS) expect(questionById(q.id)).to.equal(q);
    expect(questionById('no_such_question')).to.equal(undefined);
  });

  it('lists each lesson once and gives each enough questions', () => {
    expect(new Set(LESSONS).size).to.equal(LESSONS.length);
    expect([...LESSONS].sort()).to.deep.equal(Object.keys(MIN_PER_LESSON).sort());
    for (const lesson of LESSONS) {
      const questions = questionsOf(lesson);
      expect(questions.length, lesson).to.be.at.least(MIN_PER_LESSON[lesson]);
      for (const q of questions) expect(q.lesson).to.equal(lesson);
    }
    expect(LESSONS.reduce((sum, lesson) => sum + questionsOf(lesson).length, 0), 'every question in a listed lesson').to.equal(QUESTIONS.length);
  });

  it('has 3 or 4 distinct options per question, and the answer is one of them', () => {
    for (const q of QUESTIONS) {
      expect(q.options.length, q.id).to.be.within(3, 4);
      expect(new Set(q.options).size, `${q.id} repeats an option`).to.equal(q.options.length);
      for (const option of q.options) expect(ALL_OPTIONS, `${q.id} option ${option}`).to.include(option);
      expect(q.options, `${q.id} answer`).to.include(q.answer);
    }
  });

  it('points every question at a real status key, and the call-state lesson covers all eight call states', () => {
    for (const q of QUESTIONS) expect(isStatusKey(q.topic), `${q.id} topic ${q.topic}`).to.equal(true);
    const covered = new Set(questionsOf('call_states').map((q) => q.topic));
    for (const key of STATUS_GROUPS.call_state) expect(covered.has(key), `call_states covers ${key}`).to.equal(true);
  });

  it('spreads the right answers over the letters', () => {
    const counts = new Map<OptionId, number>();
    for (const q of QUESTIONS) counts.set(q.answer, (counts.get(q.answer) ?? 0) + 1);
    for (const letter of ALL_OPTIONS) {
      const share = (counts.get(letter) ?? 0) / QUESTIONS.length;
      expect(share, `share of answer ${letter}`).to.be.at.most(0.5);
      expect(counts.get(letter) ?? 0, `answer ${letter} is used`).to.be.greaterThan(0);
    }
    for (const lesson of LESSONS) {
      const letters = new Set(questionsOf(lesson).map((q) => q.answer));
      expect(letters.size, `${lesson} uses several answer letters`).to.be.at.least(3);
    }
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const ns = (): LessonsNamespace => texts[lang]!;

      it('writes out every lesson: title, intro, 6 to 10 points and a tip, and no other lesson', () => {
        expect(Object.keys(ns().lessons).sort()).to.deep.equal([...LESSONS].sort());
        for (const lesson of LESSONS) {
          const text = ns().lessons[lesson];
          for (const field of ['title', 'intro', 'tip'] as const) expect(text[field], `${lesson}.${field}`).to.be.a('string').that.matches(/\S/);
          expect(text.points, `${lesson}.points`).to.be.an('array');
          expect(text.points.length, `${lesson}.points`).to.be.within(6, 10);
          for (const point of text.points) expect(point, `${lesson} point`).to.be.a('string').that.matches(/\S/);
        }
      });

      it('writes out every question with its scenario and each option, and nothing the bank lacks', () => {
        expect(Object.keys(ns().questions).sort()).to.deep.equal(QUESTIONS.map((q) => q.id).sort());
        for (const q of QUESTIONS) {
          const text = ns().questions[q.id];
          expect(text.scenario, `${q.id}.scenario`).to.be.a('string').that.matches(/\S/);
          expect(Object.keys(text.options).sort(), `${q.id} options`).to.deep.equal([...q.options].sort());
          for (const option of q.options) {
            const { text: label, why } = text.options[option]!;
            expect(label, `${q.id}.${option}.text`).to.be.a('string').that.matches(/\S/);
            expect(why, `${q.id}.${option}.why`).to.be.a('string').that.matches(/\S/);
          }
        }
      });

      it(`keeps option texts short enough for a button (at most ${MAX_OPTION_LENGTH} characters) and distinct within a question`, () => {
        for (const q of QUESTIONS) {
          const labels = q.options.map((option) => ns().questions[q.id].options[option]!.text);
          for (const label of labels) expect(label.length, `${q.id} "${label}"`).to.be.at.most(MAX_OPTION_LENGTH);
          expect(new Set(labels.map(normalize)).size, `${q.id} has two options reading alike`).to.equal(labels.length);
        }
      });

      it('explains without announcing the verdict, and uses no interpolation', () => {
        for (const q of QUESTIONS) {
          const text = ns().questions[q.id];
          expect(text.scenario, `${q.id}.scenario`).to.not.match(/\{\{/);
          for (const option of q.options) {
            const { text: label, why } = text.options[option]!;
            expect(why, `${q.id}.${option}.why`).to.not.match(VERDICT);
            expect(`${label} ${why}`, `${q.id}.${option}`).to.not.match(/\{\{/);
          }
        }
        for (const lesson of LESSONS) expect(JSON.stringify(ns().lessons[lesson]), lesson).to.not.match(/\{\{/);
      });
    });
  }

  it('never lets an option read like another option of the same question in the other language', () => {
    // the engine accepts an option's text typed in either language, so a text must point to one option only
    for (const q of QUESTIONS) {
      const owner = new Map<string, OptionId>();
      for (const lang of LANGUAGES) {
        for (const option of q.options) {
          const said = normalize(texts[lang]!.questions[q.id].options[option]!.text);
          expect(/^[a-d]$/.test(said), `${q.id}.${option} reads as a bare letter`).to.equal(false);
          const before = owner.get(said);
          expect(before === undefined || before === option, `${q.id}: "${said}" is both ${before} and ${option}`).to.equal(true);
          owner.set(said, option);
        }
      }
    }
  });
});
