import { expect } from 'chai';
import type { AlertWords } from '../../src/domain/recognition';
import { readAlertWords, readPercent } from '../../src/nlu/entities/alertWords';
import { foldCase, normalize } from '../../src/nlu/normalize';
import type { Recognizer } from '../../src/nlu/recognizer';
import { sharedRecognizer } from '../helpers/botHarness';
import { DEMO_CAMPAIGNS } from '../../src/data/demoCampaigns';


describe('alert words', () => {
  const cases: [string, AlertWords][] = [
    ['notify me when Spring Renewals pauses', { changes: ['paused'], everyCampaign: false }],
    ['ping me once it is back in progress', { changes: ['in_progress'], everyCampaign: false }],
    ['tell me when any campaign wraps up', { changes: ['finished'], everyCampaign: true }],
    ['let me know if anything changes', { changes: ['paused', 'finished', 'in_progress'], everyCampaign: false }],
    ['alert me if Failed goes over 20% in Cobranza Marzo', { changes: [], percent: 20, everyCampaign: false }],
    ['warn me when busy is above 12.5 percent', { changes: [], percent: 12.5, everyCampaign: false }],
    ['avísame cuando se pause cualquier campaña', { changes: ['paused'], everyCampaign: true }],
    ['avísame si hay más del 15% de ocupado', { changes: [], percent: 15, everyCampaign: false }],
    ['notifícame si fallida supera el 7,5 por ciento', { changes: [], percent: 7.5, everyCampaign: false }],
    ['dime cuando termine o se reanude', { changes: ['finished', 'in_progress'], everyCampaign: false }],
    ['alert me if failed is more than 30', { changes: [], percent: 30, everyCampaign: false }],
    ['alert me when more than 30 calls fail', { changes: [], everyCampaign: false }],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}"`, () => {
      expect(readAlertWords(normalize(text).split(' '), foldCase(text))).to.deep.equal(expected);
    });
  }

  it('reads 0% and 150% as written: the core decides they cannot be crossed', () => {
    expect(readPercent(foldCase('goes over 0%'))).to.equal(0);
    expect(readPercent(foldCase('pasa del 150 %'))).to.equal(150);
    expect(readPercent(foldCase('Welcome Calls Q2 is paused'))).to.equal(undefined);
  });
});

interface Case {
  text: string;
  lang: 'en' | 'es';
  intent: string;
}

/** Requests to be told, beside the questions that share their words: a list, a campaign's state, a status's meaning. */
const CASES: Case[] = [
  { text: 'tell me when Summer Upsell pauses', lang: 'en', intent: 'alert.subscribe' },
  { text: 'which campaigns are paused', lang: 'en', intent: 'campaign.list' },
  { text: 'is Spring Renewals paused?', lang: 'en', intent: 'campaign.summary' },
  { text: 'what does paused mean', lang: 'en', intent: 'status.explain' },
  { text: 'alert me if Failed goes over 20% in Cobranza Marzo', lang: 'en', intent: 'alert.subscribe' },
  { text: 'notify me when any of my campaigns is paused', lang: 'en', intent: 'alert.subscribe' },
  { text: 'what alerts do I have?', lang: 'en', intent: 'alert.list' },
  { text: 'stop the alerts for Spring Renewals', lang: 'en', intent: 'alert.cancel' },
  { text: 'notify me when my package arrives', lang: 'en', intent: 'None' },
  { text: 'avísame cuando se pause cualquier campaña', lang: 'es', intent: 'alert.subscribe' },
  { text: 'avísame si hay más del 15% de ocupado en Cobranza Marzo', lang: 'es', intent: 'alert.subscribe' },
  { text: '¿Spring Renewals está pausada?', lang: 'es', intent: 'campaign.summary' },
  { text: '¿qué alertas tengo?', lang: 'es', intent: 'alert.list' },
  { text: 'cancela mis alertas', lang: 'es', intent: 'alert.cancel' },
  { text: 'quita las alertas de Summer Upsell', lang: 'es', intent: 'alert.cancel' },
];

describe('recognizer: alert requests and their neighbours', () => {
  let recognizer: Recognizer;
  before(() => {
    recognizer = sharedRecognizer(DEMO_CAMPAIGNS);
  });

  for (const c of CASES) {
    it(`"${c.text}" -> ${c.intent} (${c.lang})`, () => {
      const r = recognizer.recognize({ text: c.text });
      expect(r.intent, JSON.stringify(r.intents.slice(0, 3))).to.equal(c.intent);
      expect(r.language).to.equal(c.lang);
    });
  }

  it('never reads an alert request without a word that asks to be told', () => {
    for (const text of ['when does Cobranza Marzo finish?', 'Spring Renewals stopped, why', 'cuándo se reanuda Summer Upsell']) {
      const r = recognizer.recognize({ text });
      expect(r.intents.map((s) => s.intent).filter((intent) => intent.startsWith('alert.')), text).to.deep.equal([]);
    }
  });
});
