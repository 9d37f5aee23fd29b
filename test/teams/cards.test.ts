import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ADAPTIVE_CARD_VERSION, toAdaptiveCard, type AdaptiveCard, type AdaptiveElement } from '../../src/render/adaptiveCard';
import { renderAnswer } from '../../src/render/renderAnswer';
import type { Answer, CardModel } from '../../src/core/answer';
import { bestTimeAnswer, campaignInsightsAnswer, campaignSummaryAnswer, weekOverWeekAnswer } from '../../src/core/answers/campaignAnswers';
import { helpAnswer, insightsGuideAnswer } from '../../src/core/answers/generalAnswers';
import { campaignListAnswer, contactListAnswer } from '../../src/core/answers/listAnswers';
import { statusAnswer, statusListAnswer } from '../../src/core/answers/statusAnswers';
import type { Lang } from '../../src/domain/language';
import { STATUS_KEYS } from '../../src/domain/statusKeys';
import { questionById } from '../../src/core/course/courseBank';
import { runCourse, type CourseTurn } from '../../src/core/course/courseCoach';
import type { CourseAction } from '../../src/core/course/courseInput';
import type { CampaignReport } from '../../src/data/types';
import { HALF_HOUR_ID, KNOWN_ID, KNOWN_NAME, knownRatesDataSet, slotsOf } from '../data/knownRates';
import { cardOf } from '../helpers/botHarness';
import { launchChromium, requireChromium } from '../helpers/headlessChromium';

/** What test/teams/browser/probeAdaptiveCard.js reports for one card. */
interface ProbeResult {
  parseEvents: ValidationEvent[];
  validationEvents: ValidationEvent[];
  elementTypes: string[];
  actionTypes: string[];
  html: string;
  text: string;
  buttons: string[];
}

interface ValidationEvent {
  phase: string;
  event: string;
  message: string;
}

interface CardCase {
  name: string;
  card: AdaptiveCard;
  /** Button titles the card must show (the Teams variant carries the answer's suggestions). */
  buttons: string[];
}

/** Teams renders Adaptive Cards up to 1.5; the renderer happily renders a card that claims a newer version, so check it here. */
function versionAtMostTeams(version: unknown): boolean {
  const match = /^(\d+)\.(\d+)$/.exec(String(version));
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 1 || (major === 1 && minor <= 5);
}

/** Element and action types in the JSON, in the order the probe walks the parsed card. */
function typesInJson(card: AdaptiveCard): { elements: string[]; actions: string[] } {
  const elements: string[] = [];
  const walk = (items: readonly AdaptiveElement[]): void => {
    for (const item of items) {
      elements.push(String(item.type));
      // a Table's `columns` are widths, its rows hold cells
      walk(((item.items ?? (item.type === 'Table' ? item.rows : item.columns) ?? item.cells ?? []) as AdaptiveElement[]));
    }
  };
  walk(card.body);
  return { elements, actions: (card.actions ?? []).map((action) => String(action.type)) };
}

/** The card as the bot sends it on other channels, and as it sends it on Teams (with the suggestions as buttons). */
function bothVariants(name: string, answer: Answer): CardCase[] {
  if (!answer.card) throw new Error(`${name}: the answer has no card`);
  const teams = cardOf(renderAnswer(answer, { channelId: 'msteams' })) as unknown as AdaptiveCard;
  // a list's download link is a button on every channel
  const links = (answer.card.links ?? []).map((link) => link.label);
  return [
    { name, card: toAdaptiveCard(answer.card, answer.language), buttons: links },
    { name: `${name} (Teams, with buttons)`, card: teams, buttons: [...links, ...answer.suggestions.slice(0, 6 - links.length).map((s) => s.label)] },
  ];
}

/** A card with every kind of section the channel layer draws, bars included (campaign figures use them). */
const everySectionKind: CardModel = {
  title: 'Spring Renewals — this week',
  subtitle: 'Campaign status: In progress',
  sections: [
    { heading: 'Summary', text: 'Plain text with **bold**.', bullets: ['one', 'two'] },
    { facts: [{ title: 'Contacts', value: '1,200' }, { title: 'Empty value is dropped', value: '' }] },
    { heading: 'Results', bars: [{ label: 'Busy', count: 120, share: 0.1 }, { label: 'No response', count: 600, share: 0.5 }, { label: 'None', count: 0, share: 0 }] },
    { heading: 'Do this', text: 'Highlighted.', emphasis: true },
  ],
};

/** The campaign of the known-figures data set (test/data/knownRates.ts), as a report: its cards show every insight. */
const knownReport: CampaignReport = {
  campaign: {
    id: KNOWN_ID, name: KNOWN_NAME, status: 'paused', maxAttempts: 3, badAfter: 2, pauseReason: 'out_of_minutes',
    startsAt: '2025-03-03', endsAt: '2025-03-31', timezone: 'America/New_York',
  },
  totalContacts: 250,
  byStatus: { new: 0, completed: 93, failed: 27, busy: 28, no_response: 90, ivr: 12, incorrect_number: 0, canceled: 0 },
  flaggedBad: 0,
  callsMade: 250,
  contactsWithAttemptsRemaining: 157,
  closedContacts: 93,
};
const knownSlots = slotsOf(knownRatesDataSet(), KNOWN_ID);
/** Too few calls for any window or week comparison. */
const thinSlots = slotsOf(knownRatesDataSet(), HALF_HOUR_ID);

describe('Adaptive Cards for Teams (adaptivecards renderer in headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let page: Page;
  const outsideRequests: string[] = [];

  before(async function () {
    requireChromium(this);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.route('**/*', (route) => {
      outsideRequests.push(route.request().url());
      return route.abort();
    });
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    await page.addScriptTag({ path: `${__dirname}/browser/probeAdaptiveCard.js` });
  });

  after(async () => {
    await browser?.close();
  });

  async function probe(card: unknown): Promise<ProbeResult> {
    return page.evaluate<ProbeResult>(`window.probeAdaptiveCard(${JSON.stringify(card)})`);
  }

  /** Every problem with every card, so one failure shows them all. */
  async function problemsWith(cases: readonly CardCase[]): Promise<string[]> {
    const problems: string[] = [];
    for (const { name, card, buttons } of cases) {
      if (!versionAtMostTeams(card.version)) problems.push(`${name}: version ${card.version} is newer than Teams' 1.5`);
      const result = await probe(card);
      for (const e of [...result.parseEvents, ...result.validationEvents]) problems.push(`${name}: ${e.phase} ${e.event}: ${e.message}`);
      const json = typesInJson(card);
      if (JSON.stringify(result.elementTypes) !== JSON.stringify(json.elements)) problems.push(`${name}: parsed elements ${result.elementTypes} differ from the JSON's ${json.elements}`);
      if (JSON.stringify(result.actionTypes) !== JSON.stringify(json.actions)) problems.push(`${name}: parsed actions ${result.actionTypes} differ from the JSON's ${json.actions}`);
      if (!result.html.trim()) problems.push(`${name}: rendered nothing`);
      const title = String(card.body[0]?.text ?? '');
      if (!result.text.includes(title)) problems.push(`${name}: the rendered card does not show its title "${title}"`);
      if (JSON.stringify(result.buttons) !== JSON.stringify(buttons)) problems.push(`${name}: buttons ${JSON.stringify(result.buttons)}, expected ${JSON.stringify(buttons)}`);
    }
    return problems;
  }

  it(`every card the channel layer builds declares version ${ADAPTIVE_CARD_VERSION}`, () => {
    expect(ADAPTIVE_CARD_VERSION).to.equal('1.5');
    expect(versionAtMostTeams(toAdaptiveCard(everySectionKind, 'en').version)).to.equal(true);
  });

  it('the checks are not vacuous: a newer version, unknown types and more buttons than Teams shows are caught', async () => {
    const bad = { type: 'AdaptiveCard', version: '1.6', body: [{ type: 'TextBlock', text: 'Title' }, { type: 'Marquee', text: 'x' }], actions: [{ type: 'Action.Dance', title: 'Go' }] };
    expect(versionAtMostTeams(bad.version)).to.equal(false);
    const result = await probe(bad);
    expect(result.parseEvents.map((e) => e.event)).to.include.members(['UnknownElementType', 'UnknownActionType']);
    expect(result.elementTypes).to.deep.equal(['TextBlock']);

    const sevenButtons = Array.from({ length: 7 }, (_, i) => ({ label: `B${i}`, text: `B${i}` }));
    const crowded = await probe(toAdaptiveCard({ title: 'Crowded', sections: [] }, 'en', sevenButtons));
    expect(crowded.validationEvents.map((e) => e.event)).to.deep.equal(['TooManyActions']);
  });

  for (const lang of ['en', 'es'] as const satisfies readonly Lang[]) {
    describe(lang === 'en' ? 'in English' : 'in Spanish', () => {
      it(`status explanations: all ${STATUS_KEYS.length} keys, and one that names two more (6 buttons on Teams)`, async () => {
        const cases = STATUS_KEYS.flatMap((key) => bothVariants(`status ${key}`, statusAnswer(key, lang)));
        cases.push(...bothVariants('status busy + ivr, no_response', statusAnswer('busy', lang, ['ivr', 'no_response'])));
        expect(await problemsWith(cases)).to.deep.equal([]);
      });

      it('the status list', async () => {
        expect(await problemsWith(bothVariants('status list', statusListAnswer(lang)))).to.deep.equal([]);
      });

      it('help', async () => {
        expect(await problemsWith(bothVariants('help', helpAnswer(lang)))).to.deep.equal([]);
      });

      it('the weekly-analysis guide', async () => {
        expect(await problemsWith(bothVariants('weekly guide', insightsGuideAnswer(lang)))).to.deep.equal([]);
      });

      it('a campaign: summary, weekly analysis with best time and week over week, and each on its own', async () => {
        const cases = [
          ...bothVariants('campaign summary', campaignSummaryAnswer(knownReport, lang)),
          ...bothVariants('campaign insights', campaignInsightsAnswer(knownReport, knownSlots, lang)),
          ...bothVariants('best time', bestTimeAnswer(knownReport, knownSlots, lang)),
          ...bothVariants('week over week', weekOverWeekAnswer(knownReport, knownSlots, lang)),
          ...bothVariants('campaign insights, too few calls', campaignInsightsAnswer(knownReport, thinSlots, lang)),
          ...bothVariants('best time, too few calls', bestTimeAnswer(knownReport, thinSlots, lang)),
          ...bothVariants('week over week, too few calls', weekOverWeekAnswer(knownReport, thinSlots, lang)),
          ...bothVariants('campaign insights, no calls', campaignInsightsAnswer(knownReport, [], lang)),
        ];
        expect(await problemsWith(cases)).to.deep.equal([]);
        const insights = cases.find((c) => c.name === 'campaign insights')!;
        const bars = JSON.stringify(insights.card).match(/[█░]{20}/g) ?? [];
        expect(bars.length, '5 statuses with contacts, 6 hours with enough calls').to.equal(5 + 6);
      });

      it('lists: contacts as a table with ids that open them and a download link, and campaigns ranked', async () => {
        const rows = Array.from({ length: 10 }, (_, i) => ({
          id: `C-${1000 + i}`, name: `Person ${i}`, phone: `+1 555 010 ${1000 + i}`, campaignId: KNOWN_ID, campaignName: KNOWN_NAME, timezone: 'America/New_York',
          currentStatus: 'busy' as const, callsMade: 2, maxAttempts: 3, attemptsRemaining: 1, unreachableAttempts: 2, lastAttemptAt: '2025-03-04T15:00:00-05:00',
        }));
        const page = { inScope: 250, matching: 23, offset: 0, rows };
        const contacts = contactListAnswer({ page, filter: { kind: 'flagged_bad' }, campaign: knownReport.campaign, download: 'http://localhost:3978/api/lists/export.csv?g=x&s=y' }, lang);
        const everywhere = contactListAnswer({ page, filter: { kind: 'status', status: 'busy' } }, lang);
        const campaignRow = (name: string, status: 'paused' | 'in_progress') => ({
          campaign: { ...knownReport.campaign, id: name, name, status }, contacts: 250, closed: 93, flaggedBad: 12, callsMade: 250,
          calls: { completed: 93, failed: 27, busy: 28, no_response: 90, ivr: 12, incorrect_number: 0 },
        });
        const campaigns = campaignListAnswer({ rows: [campaignRow('Spring Renewals', 'paused'), campaignRow('Summer Upsell', 'in_progress')], ranking: { by: 'answer_rate', order: 'most' } }, lang);
        const cases = [...bothVariants('contact list', contacts), ...bothVariants('contact list, every campaign', everywhere), ...bothVariants('campaign list', campaigns)];
        expect((await problemsWith(cases)).join('\n')).to.equal('');
        const result = await probe(cases[0]!.card);
        expect(result.elementTypes).to.include('Table');
        expect(result.text).to.contain('C-1000').and.to.contain('••• 1000').and.not.to.contain('010 1000');
      });

      it('the course: every lesson, the results, and a question in a Teams channel (4 options and 2 controls on a card)', async () => {
        const cards: Answer[] = [];
        const questions: Answer[] = [];
        const step = (turn: CourseTurn | undefined, action: CourseAction): CourseTurn => {
          const next = runCourse(turn?.progress, action, { ids: ['29:card-test'], name: 'Card Test' }, lang, new Date('2026-11-23T10:00:00Z'));
          for (const answer of next.answers) (answer.card ? cards : answer.suggestions.length ? questions : []).push(answer);
          return next;
        };
        let turn = step(undefined, { type: 'start' });
        while (turn.progress.stage !== 'done') {
          turn = step(turn, { type: 'quiz' });
          while (turn.progress.stage === 'quiz') {
            const question = questionById(turn.progress.questions[turn.progress.position]!)!;
            // the first of each lesson wrong, so the results list topics to review
            turn = step(turn, { type: 'answer', option: turn.progress.position === 0 ? question.options.find((o) => o !== question.answer)! : question.answer });
          }
        }
        const cases = cards.flatMap((answer, i) => bothVariants(`course card ${i + 1}: ${answer.card!.title}`, answer));
        const inChannel = cardOf(renderAnswer(questions[0]!, { channelId: 'msteams', conversation: { conversationType: 'channel' } as never })) as unknown as AdaptiveCard;
        cases.push({ name: 'course question in a Teams channel', card: inChannel, buttons: questions[0]!.suggestions.map((s) => s.label) });
        expect(cards.map((a) => a.card!.title).filter((title) => title.includes('4'))).to.have.length(4);
        expect(questions[0]!.suggestions).to.have.length(6);
        expect(await problemsWith(cases)).to.deep.equal([]);
      });
    });
  }

  it('every kind of section (text, bullets, facts, bars, emphasis), with buttons', async () => {
    const buttons = [{ label: 'What should I do?', text: 'What should I do?' }];
    const cases: CardCase[] = [
      { name: 'every section kind', card: toAdaptiveCard(everySectionKind, 'en'), buttons: [] },
      { name: 'every section kind (buttons)', card: toAdaptiveCard(everySectionKind, 'en', buttons), buttons: ['What should I do?'] },
    ];
    expect(await problemsWith(cases)).to.deep.equal([]);
  });

  describe('afterwards', () => {
    it('nothing was fetched: the renderer came from node_modules', () => {
      expect(outsideRequests).to.deep.equal([]);
    });
  });
});
