import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { LESSONS } from '../../src/core/course/courseBank';
import type { Lang } from '../../src/domain/language';
import { formatPercent } from '../../src/core/format';
import { translator } from '../../src/content/i18n';
import { messageActivity, postActivity, readableText } from '../helpers/httpServer';
import { startBotProcess, stopBotProcess, tempFolder, type BotProcess } from '../state/helpers';
import { optionLabel, questionShown, wrongOption } from './quizKey';

const WORDS: Record<Lang, { start: string; resume: string; progress: string; locale: string }> = {
  en: { start: "I'm new, teach me the statuses", resume: 'teach me the statuses', progress: 'how am I doing in the course?', locale: 'en-US' },
  es: { start: 'soy nuevo, quiero aprender', resume: 'quiero aprender los estados', progress: '¿cómo voy en el curso?', locale: 'es-MX' },
};

/** One learner talking to the bot process over HTTP (expectReplies), in a conversation that can change between days. */
class Learner {
  conversation: string;

  constructor(
    readonly lang: Lang,
    private readonly userId: string,
    private readonly url: () => string,
  ) {
    this.conversation = `${userId}-day-1`;
  }

  async say(text: string): Promise<string> {
    const activity = messageActivity(text, {
      channelId: 'webchat',
      from: { id: this.userId, name: `Learner ${this.lang}` },
      conversation: { id: this.conversation } as Activity['conversation'],
      locale: WORDS[this.lang].locale,
    });
    const { status, activities } = await postActivity(this.url(), activity);
    expect(status).to.equal(200);
    // Web Chat shows cards: what a learner reads is the lead sentence and the card
    return activities.map((a) => readableText(a)).join('\n\n');
  }

  async answer(reply: string, right: boolean): Promise<string> {
    const question = questionShown(reply, this.lang);
    return this.say(optionLabel(question, right ? question.answer : wrongOption(question), this.lang));
  }
}

describe('the course survives a restart of the bot process', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof tempFolder>;
  let bot: BotProcess | undefined;

  beforeEach(() => {
    temp = tempFolder('course-restart-');
  });
  afterEach(async () => {
    if (bot) await stopBotProcess(bot, 'SIGKILL');
    bot = undefined;
    temp.remove();
  });

  it('resumes each learner at their question in a new conversation after a restart, in English and Spanish, to the final score', async () => {
    const env = { STATE_DB: temp.file('state.sqlite'), CAMPAIGN_DB: temp.file('campaigns.sqlite'), AUDIT_LOG: temp.file('audit.log') };
    bot = await startBotProcess(env);
    const learners = (['en', 'es'] as const).map((lang) => new Learner(lang, `learner-${lang}`, () => bot!.url));
    const waiting = new Map<Lang, string>();
    for (const learner of learners) {
      const t = translator(learner.lang);
      expect(await learner.say(WORDS[learner.lang].start)).to.contain(t('course:lessonTitle', { lesson: 1, lessons: LESSONS.length, title: t('lessons:lessons.call_states.title') }));
      let reply = await learner.say(t('course:buttons.quiz'));
      reply = await learner.answer(reply, true);
      reply = await learner.answer(reply, false);
      expect(reply).to.contain(t('course:questionTitle', { position: 3, count: 4 }));
      waiting.set(learner.lang, questionShown(reply, learner.lang).id);
    }

    const first = bot;
    expect(await stopBotProcess(first, 'SIGTERM'), first.output()).to.equal(0);
    bot = await startBotProcess(env);

    for (const learner of learners) {
      const t = translator(learner.lang);
      learner.conversation = `learner-${learner.lang}-day-2`;
      let reply = await learner.say(WORDS[learner.lang].resume);
      expect(reply).to.contain(t('course:welcomeBack', { lesson: 1, lessons: LESSONS.length, title: t('lessons:lessons.call_states.title') }));
      expect(questionShown(reply, learner.lang).id, 'the same question waits').to.equal(waiting.get(learner.lang));
      reply = await learner.answer(reply, true);
      reply = await learner.answer(reply, true);
      expect(reply).to.contain(t('course:lessonDone', { title: t('lessons:lessons.call_states.title'), right: 3, answered: 4 }));
      reply = await learner.say(t('course:buttons.skip'));
      reply = await learner.say(t('course:buttons.skip'));
      reply = await learner.say(t('course:buttons.quiz'));
      for (let i = 0; i < 4; i++) reply = await learner.answer(reply, true);
      expect(reply).to.contain(t('course:result.score', { right: 7, answered: 8, percent: formatPercent(7, 8, learner.lang) }));
      expect(reply).to.contain(t('course:result.skippedLesson', { title: t(`lessons:lessons.${LESSONS[1]}.title`) }));
      expect(await learner.say(WORDS[learner.lang].progress)).to.contain(t('course:result.score', { right: 7, answered: 8, percent: formatPercent(7, 8, learner.lang) }));
    }
  });
});
