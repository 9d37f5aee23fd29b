import { expect } from 'chai';
import type { Lang } from '../../src/domain/language';
import type { Recognition } from '../../src/domain/recognition';
import { Recognizer } from '../../src/nlu/recognizer';

const CAMPAIGNS = ['Spring Renewals', 'Cobranza Marzo', 'Summer Upsell', 'Encuesta de Satisfacción', 'Welcome Calls Q2'].map((name) => ({ id: name, name }));

interface Case {
  text: string;
  lang: Lang;
  intent: string;
  /** The first status the bot would explain, or null for none at all. */
  status?: string | null;
  /** The keys the bot asks between. */
  asks?: string[];
  campaign?: string;
}

/** Made-up phrasings of each kind the recognizer must read: one table per kind, both languages. */
const KINDS: Record<string, Case[]> = {
  'status words in any grammatical form': [
    { text: 'why do calls keep failing', lang: 'en', intent: 'status.explain', status: 'failed' },
    { text: 'the campaign paused on its own overnight', lang: 'en', intent: 'status.explain', status: 'paused' },
    { text: 'calls keep getting cancelled, why', lang: 'en', intent: 'status.explain', status: 'canceled' },
    { text: 'se cancelaron varias llamadas', lang: 'es', intent: 'status.explain', status: 'canceled' },
    { text: 'las llamadas fallan mucho', lang: 'es', intent: 'status.explain', status: 'failed' },
    { text: 'the contact was rolled to another campaing', lang: 'en', intent: 'status.explain', status: 'roll_to_campaign' },
  ],
  'a status described, not named': [
    { text: 'the person on the line was not our customer', lang: 'en', intent: 'status.explain', status: 'incorrect_number' },
    { text: 'nobody picked up the phone on those calls', lang: 'en', intent: 'status.explain', status: 'no_response' },
    { text: 'no era nuestro cliente el que contestó', lang: 'es', intent: 'status.explain', status: 'incorrect_number' },
    { text: 'atendió una máquina, qué estado es', lang: 'es', intent: 'status.explain', status: 'ivr' },
  ],
  'words about the speaker': [
    { text: 'new agent here: what does Busy mean?', lang: 'en', intent: 'status.explain', status: 'busy' },
    { text: 'team lead here, list the statuses', lang: 'en', intent: 'status.list' },
    { text: 'soy nueva en el equipo, ¿qué es un contacto IVR?', lang: 'es', intent: 'status.explain', status: 'ivr' },
    { text: "I'm new, teach me", lang: 'en', intent: 'course.start' },
    { text: 'soy nuevo, quiero aprender los estados', lang: 'es', intent: 'course.start' },
  ],
  'call or campaign': [
    { text: 'the campaign shows Planned', lang: 'en', intent: 'status.explain', status: 'planned' },
    { text: 'la llamada aparece como programada', lang: 'es', intent: 'status.explain', status: 'new' },
    { text: 'planned', lang: 'en', intent: 'status.explain', asks: ['new', 'planned'] },
    { text: 'programada', lang: 'es', intent: 'status.explain', asks: ['new', 'planned'] },
  ],
  'explanation or figures': [
    { text: "lots of calls ending in no answer, what's going on", lang: 'en', intent: 'status.explain', status: 'no_response' },
    { text: 'busy versus no answer counts for Spring Renewals', lang: 'en', intent: 'campaign.summary', campaign: 'Spring Renewals' },
    { text: 'in Cobranza Marzo we see a lot of Failed, what does it mean', lang: 'en', intent: 'status.explain', status: 'failed', campaign: 'Cobranza Marzo' },
    { text: 'cuántas ocupadas hay en Cobranza Marzo', lang: 'es', intent: 'campaign.summary', campaign: 'Cobranza Marzo' },
  ],
  'out of scope with domain words': [
    { text: 'is the christmas party canceled this year', lang: 'en', intent: 'None' },
    { text: 'la junta de mañana quedó en pausa', lang: 'es', intent: 'None' },
    { text: 'I got a new laptop', lang: 'en', intent: 'None', status: null },
    { text: 'there was an error in my timesheet', lang: 'en', intent: 'None' },
  ],
  'short fragments with typos': [
    { text: 'wrong numbr??', lang: 'en', intent: 'status.explain', status: 'incorrect_number' },
    { text: 'IVR q es', lang: 'es', intent: 'status.explain', status: 'ivr' },
    { text: 'wat u do', lang: 'en', intent: 'help' },
    { text: 'calls completed w/o an answer, why', lang: 'en', intent: 'status.explain', status: 'completed_without_answer' },
  ],
};

describe('recognizer: phrasing nobody here wrote', () => {
  let recognizer: Recognizer;
  before(() => {
    recognizer = new Recognizer({ campaigns: CAMPAIGNS });
  });

  for (const [kind, cases] of Object.entries(KINDS)) {
    describe(kind, () => {
      for (const c of cases) {
        it(`"${c.text}" -> ${c.intent}${c.status ? ` / ${c.status}` : ''}${c.asks ? ` / asks ${c.asks.join(' or ')}` : ''}`, () => {
          // no locale: the words alone must say the language
          const r: Recognition = recognizer.recognize({ text: c.text });
          expect(r.intent, JSON.stringify(r.intents.slice(0, 3))).to.equal(c.intent);
          expect(r.language).to.equal(c.lang);
          if (c.status) expect(r.entities.status[0]).to.equal(c.status);
          if (c.status === null) expect(r.entities.status).to.deep.equal([]);
          if (c.asks) expect(r.ambiguousStatus?.keys.slice().sort()).to.deep.equal(c.asks);
          if (c.campaign) expect(r.entities.campaign).to.deep.equal([c.campaign]);
        });
      }
    });
  }

  describe('everyday words are a status only where the context says so', () => {
    const cases: [string, string | null][] = [
      ['is the new schedule out yet', null],
      ['why are so many calls stuck in New', 'new'],
      ['final?', 'final_result'],
      ['we got an error on the coffee order', null],
      ['the call result says error', 'failed'],
      ['qué hago con las nuevas', 'new'],
    ];
    for (const [text, status] of cases) {
      it(`"${text}" names ${status ?? 'no status'}`, () => {
        const r = recognizer.recognize({ text });
        expect(r.entities.status[0] ?? null).to.equal(status);
      });
    }
  });

  describe('follow-ups', () => {
    const cases: [string, boolean][] = [
      ['and what should I do?', true],
      ['why does that happen?', true],
      ['y eso qué significa', true],
      ['explain a status to me', false],
    ];
    for (const [text, followUp] of cases) {
      it(`"${text}" ${followUp ? 'follows up' : 'is a new question'}`, () => {
        expect(recognizer.recognize({ text }).followUp).to.equal(followUp);
      });
    }
  });

  it('reads a campaign name with digits as the campaign, not a contact id', () => {
    const r = recognizer.recognize({ text: 'how is Welcome Calls Q2 doing' });
    expect(r.entities.campaign).to.deep.equal(['Welcome Calls Q2']);
    expect(r.entities.contact).to.deep.equal([]);
  });

  it('reads a mistyped contact word before an id', () => {
    expect(recognizer.recognize({ text: 'why is contcto 7002 unreachable' }).entities.contact).to.deep.equal(['C-7002']);
    expect(recognizer.recognize({ text: 'cuántos intentos tiene el contcto 8123' }).entities.contact).to.deep.equal(['C-8123']);
  });

  it('tells Spanish from the words around an English screen label', () => {
    expect(recognizer.recognize({ text: '¿el estado Bad Connection dura para siempre?' }).language).to.equal('es');
    expect(recognizer.recognize({ text: "¿para qué sirve 'Final disposition' en la pantalla?" }).language).to.equal('es');
    expect(recognizer.recognize({ text: 'what does "Sin respuesta" mean' }).language).to.equal('en');
  });
});
