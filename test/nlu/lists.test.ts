import { expect } from 'chai';
import type { Lang } from '../../src/domain/language';
import type { Intent } from '../../src/domain/intents';
import { Recognizer } from '../../src/nlu/recognizer';
import { applyIntentRules, type IntentContext } from '../../src/nlu/intentRules';
import { findCues } from '../../src/nlu/cueWords';

const CAMPAIGNS = ['Spring Renewals', 'Cobranza Marzo', 'Summer Upsell', 'Encuesta de Satisfacción', 'Welcome Calls Q2'].map((name) => ({ id: name, name }));

/**
 * List questions read apart from the questions they share words with: "which campaigns are paused" lists, "what does
 * Paused mean" explains, "how is Spring Renewals doing" is one campaign's summary. Made-up phrasings, both languages.
 */
const CASES: [string, Lang, Intent][] = [
  // contact lists
  ['which contacts in Cobranza Marzo have been flagged bad', 'en', 'contact.list'],
  ['show me every contact with no attempts left', 'en', 'contact.list'],
  ['contacts sitting in Failed in Summer Upsell', 'en', 'contact.list'],
  ['quiénes de Cobranza Marzo están marcados como malos', 'es', 'contact.list'],
  ['contactos que no tienen intentos en Spring Renewals', 'es', 'contact.list'],
  // campaign lists
  ['which of the campaigns are on pause', 'en', 'campaign.list'],
  ['list the finished campaigns', 'en', 'campaign.list'],
  ['cuáles campañas están terminadas', 'es', 'campaign.list'],
  ['qué campañas siguen en curso', 'es', 'campaign.list'],
  // the neighbours keep their reading
  ['what does Paused mean', 'en', 'status.explain'],
  ['qué significa pausada', 'es', 'status.explain'],
  ['why are contacts flagged bad', 'en', 'status.explain'],
  ['what do I do with IVR contacts', 'en', 'status.explain'],
  ['qué hago con los contactos del contestador', 'es', 'status.explain'],
  ['how is Spring Renewals doing', 'en', 'campaign.summary'],
  ['how many contacts are flagged bad in Spring Renewals', 'en', 'campaign.summary'],
  ['why is C-1042 flagged bad', 'en', 'contact.why_bad'],
];

describe('recognizer: list questions and their neighbours', () => {
  let recognizer: Recognizer;
  before(() => {
    recognizer = new Recognizer({ campaigns: CAMPAIGNS });
  });

  for (const [text, lang, intent] of CASES) {
    it(`"${text}" -> ${intent}`, () => {
      const r = recognizer.recognize({ text });
      expect(r.intent, JSON.stringify(r.intents.slice(0, 3))).to.equal(intent);
      expect(r.language).to.equal(lang);
    });
  }
});

describe('intent rules: list readings', () => {
  const context = (text: string, extra: Partial<IntentContext> = {}): IntentContext => ({
    cues: findCues(text.split(' ')),
    statusNamed: false,
    campaignNamed: false,
    asksAspect: false,
    ...extra,
  });
  const top = (scores: { intent: Intent; score: number }[], ctx: IntentContext): Intent => applyIntentRules(scores, ctx)[0]!.intent;
  const explainFirst = [
    { intent: 'status.explain' as Intent, score: 0.7 },
    { intent: 'campaign.list' as Intent, score: 0.2 },
    { intent: 'contact.list' as Intent, score: 0.1 },
  ];

  it('a plural campaigns with a status named lists the campaigns', () => {
    expect(top(explainFirst, context('which campaigns are paused', { statusNamed: true }))).to.equal('campaign.list');
  });
  it('a meaning question keeps to the status', () => {
    expect(top(explainFirst, context('what does paused mean for campaigns', { statusNamed: true }))).to.equal('status.explain');
  });
  it('a named campaign is no campaign list', () => {
    expect(top(explainFirst, context('which campaigns are paused', { statusNamed: true, campaignNamed: true }))).to.not.equal('campaign.list');
  });
  it('a list condition with a plural contacts subject lists contacts, unless a contact is named', () => {
    expect(top(explainFirst, context('list contacts flagged bad', { listAsked: true, statusNamed: true }))).to.equal('contact.list');
    expect(top(explainFirst, context('list contacts flagged bad', { listAsked: true, statusNamed: true, contactNamed: true }))).to.not.equal('contact.list');
  });
  it('a contact list the words do not back is ruled out', () => {
    const listFirst = [
      { intent: 'contact.list' as Intent, score: 0.6 },
      { intent: 'status.list' as Intent, score: 0.3 },
    ];
    expect(top(listFirst, context('dame la lista de todos los estados'))).to.equal('status.list');
  });
});
