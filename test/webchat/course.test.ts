import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { LESSONS } from '../../src/core/course/courseBank';
import { formatPercent } from '../../src/core/format';
import { translator } from '../../src/content/i18n';
import type { Lang } from '../../src/domain/language';
import type { RunningServer } from '../../src/server';
import { askWebChat, launchChromium, requireChromium } from '../helpers/headlessChromium';
import { startTestServer } from '../helpers/httpServer';
import { optionLabel, questionShown, wrongOption } from '../course/quizKey';

const WAIT_MS = 15_000;

const bubbles = (page: Page, text: string) => page.locator('.webchat__bubble__content', { hasText: text });


/** Taps a button under the latest answer (Web Chat shows only the latest answer's suggested actions). */
async function tap(page: Page, label: string): Promise<void> {
  await page.locator('.webchat__suggested-action', { hasText: label }).first().click();
}

/** Waits for the n-th bubble with this text (counting from 1) and returns its text. */
async function nth(page: Page, text: string, n: number): Promise<string> {
  const bubble = bubbles(page, text).nth(n - 1);
  await bubble.waitFor({ timeout: WAIT_MS });
  return bubble.innerText();
}

describe('a new hire finishes the course in Web Chat, in a real headless Chromium', function () {
  this.timeout(240_000);
  let server: RunningServer;
  let browser: Browser;

  before(async function () {
    requireChromium(this);
    // a test taps faster than a person reads: the per-user message limit would slow it down, not the bot
    server = await startTestServer({}, { rateLimit: { max: 1_000, windowMs: 10_000 } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the place when the learner comes back in a new tab (a new conversation, the same browser)', async () => {
    const t = translator('en');
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const first = await context.newPage();
      await first.goto(server.url);
      await askWebChat(first, "I'm new, teach me the statuses");
      await tap(first, t('course:buttons.quiz'));
      const question = questionShown(await nth(first, t('course:questionTitle', { position: 1, count: 4 }), 1), 'en');
      await tap(first, optionLabel(question, question.answer, 'en'));
      const waiting = questionShown(await nth(first, t('course:questionTitle', { position: 2, count: 4 }), 1), 'en');
      await first.close();

      // a new tab has no stored conversation (sessionStorage), so the page opens a new one
      const later = await context.newPage();
      await later.goto(server.url);
      await askWebChat(later, 'teach me the statuses');
      const back = await nth(later, t('course:questionTitle', { position: 2, count: 4 }), 1);
      expect(questionShown(back, 'en').id).to.equal(waiting.id);
      // (Web Chat's markdown curls the apostrophe of "You're": the bubble is found by its words around it)
      const welcome = await bubbles(later, 'Welcome back!').innerText();
      expect(welcome).to.contain(`lesson 1 of ${LESSONS.length}: ${t('lessons:lessons.call_states.title')}`).and.to.contain(t('course:soFar', { right: 1, answered: 1 }));
    } finally {
      await context.close();
    }
  });

  const cases: { lang: Lang; locale: string; start: string }[] = [
    { lang: 'en', locale: 'en-US', start: "I'm new, teach me the statuses" },
    { lang: 'es', locale: 'es-ES', start: 'soy nuevo, quiero aprender' },
  ];

  for (const { lang, locale, start } of cases) {
    it(`from "${start}" through every lesson and question to the results (${lang})`, async () => {
      const t = translator(lang);
      const context = await browser.newContext({ locale });
      try {
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.goto(server.url);
        await askWebChat(page, start);
        let questionsSeen = 0;
        for (let lesson = 0; lesson < LESSONS.length; lesson++) {
          const title = t('course:lessonTitle', { lesson: lesson + 1, lessons: LESSONS.length, title: t(`lessons:lessons.${LESSONS[lesson]}.title`) });
          await page.locator('.ac-adaptiveCard', { hasText: title }).first().waitFor({ timeout: WAIT_MS });
          await tap(page, t('course:buttons.quiz'));
          for (let position = 1; position <= 4; position++) {
            questionsSeen++;
            const shown = await nth(page, t('course:questionTitle', { position, count: 4 }), lesson + 1);
            const question = questionShown(shown, lang);
            // the first question of each lesson is answered wrong, to see the explanation and the review list
            await tap(page, optionLabel(question, position === 1 ? wrongOption(question) : question.answer, lang));
          }
        }
        const results = page.locator('.ac-adaptiveCard', { hasText: t('course:result.title') });
        await results.waitFor({ timeout: WAIT_MS });
        expect(questionsSeen).to.equal(4 * LESSONS.length);
        const score = t('course:result.score', { right: 3 * LESSONS.length, answered: 4 * LESSONS.length, percent: formatPercent(3, 4, lang) });
        expect(await bubbles(page, score).count()).to.be.at.least(1);
        expect(await bubbles(page, t('course:wrong')).count()).to.equal(LESSONS.length);
        expect(await page.locator('.webchat__suggested-action', { hasText: t('course:buttons.retake') }).count()).to.equal(1);
        expect(pageErrors).to.deep.equal([]);
      } finally {
        await context.close();
      }
    });
  }
});
