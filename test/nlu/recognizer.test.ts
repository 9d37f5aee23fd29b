import { expect } from 'chai';
import type { Lang } from '../../src/domain/language';
import { cleanMarkup, normalize } from '../../src/nlu/normalize';
import { Recognizer } from '../../src/nlu/recognizer';
import { extractIdentifiers } from '../../src/nlu/entities/identifiers';
import { DEMO_CAMPAIGNS } from '../../src/data/demoCampaigns';


describe('recognizer', () => {
  let recognizer: Recognizer;
  before(() => {
    recognizer = new Recognizer({ campaigns: DEMO_CAMPAIGNS });
  });

  describe('intents and status terms', () => {
    const cases: [string, string, string | undefined, Lang][] = [
      ['bussy??', 'status.explain', 'busy', 'en'],
      ['what does Busy mean and what should I do?', 'status.explain', 'busy', 'en'],
      ['what do I do with IVR contacts', 'status.explain', 'ivr', 'en'],
      ['answering machine', 'status.explain', 'ivr', 'en'],
      ['Answered', 'status.explain', 'completed', 'en'],
      ['what is No Answer', 'status.explain', 'no_response', 'en'],
      ['Finished with a technical error - what does it mean?', 'status.explain', 'failed', 'en'],
      ['what does wrong number mean', 'status.explain', 'incorrect_number', 'en'],
      ['why are contacts flagged bad', 'status.explain', 'bad_connection', 'en'],
      ['what happens when I pause a campaign', 'status.explain', 'paused', 'en'],
      ['plan limit exceeded?', 'status.explain', 'plan_limit_exceeded', 'en'],
      ['what is a disposition', 'status.explain', 'call_result', 'en'],
      ['que significa numero incorrecto', 'status.explain', 'incorrect_number', 'es'],
      ['¿qué significa Ocupado?', 'status.explain', 'busy', 'es'],
      ['qué hago con los contactos del contestador', 'status.explain', 'ivr', 'es'],
      ['buzón de voz', 'status.explain', 'ivr', 'es'],
      ['sin respuesta', 'status.explain', 'no_response', 'es'],
      ['qué es una campaña en borrador', 'status.explain', 'draft', 'es'],
      ['lista de no llamar', 'status.explain', 'do_not_call', 'es'],
      ['list all statuses', 'status.list', undefined, 'en'],
      ['muéstrame todos los estados', 'status.list', undefined, 'es'],
      ['help me', 'help', undefined, 'en'],
      ['ayuda', 'help', undefined, 'es'],
      ['hello', 'greeting', undefined, 'en'],
      ['hola', 'greeting', undefined, 'es'],
      ['thanks a lot', 'thanks', undefined, 'en'],
      ['muchas gracias', 'thanks', undefined, 'es'],
      ['answer in Spanish', 'language.switch', undefined, 'en'],
      ['en inglés por favor', 'language.switch', undefined, 'es'],
      ["I'm busy tonight", 'None', undefined, 'en'],
      ['estoy ocupado esta noche', 'None', undefined, 'es'],
      ["what's the weather like tomorrow", 'None', undefined, 'en'],
      ['recomiéndame una serie de Netflix', 'None', undefined, 'es'],
      ['pide una pizza para la oficina', 'None', undefined, 'es'],
      ['why is contact C-1042 flagged bad?', 'contact.why_bad', undefined, 'en'],
      ['¿por qué el contacto 1042 está marcado como malo?', 'contact.why_bad', undefined, 'es'],
      ['how many attempts remain for +1 555 0100?', 'contact.attempts', undefined, 'en'],
      ['¿cuántos intentos le quedan al +34 612 345 678?', 'contact.attempts', undefined, 'es'],
      ['why is Spring Renewals paused?', 'campaign.summary', undefined, 'en'],
      ['¿por qué está pausada Cobranza Marzo?', 'campaign.summary', undefined, 'es'],
      ['what should we improve this week', 'campaign.insights', undefined, 'en'],
    ];
    for (const [text, intent, status, lang] of cases) {
      it(`"${text}" -> ${intent}${status ? ` / ${status}` : ''} (${lang})`, () => {
        const result = recognizer.recognize({ text });
        expect(result.intent, JSON.stringify(result.intents.slice(0, 3))).to.equal(intent);
        expect(result.language).to.equal(lang);
        if (status) expect(result.entities.status[0]).to.equal(status);
      });
    }
  });

  it('normalizes scores so they sum to 1 and keeps the top one first', () => {
    const { intents, score, intent } = recognizer.recognize({ text: 'what does busy mean' });
    const total = intents.reduce((sum, s) => sum + s.score, 0);
    expect(total).to.be.closeTo(1, 0.02);
    expect(intents[0]).to.deep.equal({ intent, score });
  });

  it('asks instead of guessing when a term names two entries ("planned")', () => {
    for (const text of ['planned', 'what does planned mean', 'qué significa programada']) {
      const result = recognizer.recognize({ text });
      expect(result.ambiguousStatus?.keys.sort(), text).to.deep.equal(['new', 'planned']);
    }
    expect(recognizer.recognize({ text: 'what is a planned campaign' }).ambiguousStatus).to.equal(undefined);
    expect(recognizer.recognize({ text: 'what is a planned campaign' }).entities.status).to.deep.equal(['planned']);
  });

  it('reads follow-ups: which part of the entry is wanted', () => {
    expect(recognizer.recognize({ text: 'and what should I do?' }).entities.aspect).to.include('action');
    expect(recognizer.recognize({ text: '¿y qué hago?' }).entities.aspect).to.include('action');
    expect(recognizer.recognize({ text: 'related statuses' }).entities.aspect).to.include('related');
    expect(recognizer.recognize({ text: 'estados relacionados' }).intent).to.equal('status.explain');
  });

  it('finds the target language of a switch', () => {
    expect(recognizer.recognize({ text: 'answer in Spanish' }).entities.language).to.deep.equal(['es']);
    expect(recognizer.recognize({ text: 'En español' }).entities.language).to.deep.equal(['es']);
    expect(recognizer.recognize({ text: 'en inglés por favor' }).entities.language).to.deep.equal(['en']);
  });

  describe('language', () => {
    it('detects it from the words', () => {
      expect(recognizer.recognize({ text: 'que significa ocupado', locale: 'en-US' }).language).to.equal('es');
      expect(recognizer.recognize({ text: 'what does ocupado mean', locale: 'es-ES' }).language).to.equal('en');
    });
    it('falls back to the activity locale, then the last language, then English', () => {
      expect(recognizer.recognize({ text: 'IVR', locale: 'es-MX' })).to.include({ language: 'es', languageSource: 'locale' });
      expect(recognizer.recognize({ text: 'IVR', locale: null, lastLanguage: 'es' })).to.include({ language: 'es', languageSource: 'user' });
      expect(recognizer.recognize({ text: 'IVR', locale: 'fr-FR' })).to.include({ language: 'en', languageSource: 'default' });
    });
    it('lets a language the user asked for win', () => {
      expect(recognizer.recognize({ text: 'what does busy mean', preferredLanguage: 'es' }).language).to.equal('es');
    });
  });

  describe('entities', () => {
    it('reads contact ids in all their forms', () => {
      for (const text of ['why is C-1042 bad', 'why is C1042 bad', 'why is contact 1042 bad', 'por qué el contacto 1042', 'contact #1042', 'c 1042 attempts']) {
        expect(recognizer.recognize({ text }).entities.contact, text).to.deep.equal(['C-1042']);
      }
    });
    it('reads other id prefixes when they are joined to the digits, and not words followed by numbers', () => {
      expect(extractIdentifiers('why is K-7 bad').contacts).to.deep.equal(['K-7']);
      expect(extractIdentifiers('attempts for cu42?').contacts).to.deep.equal(['CU-42']);
      expect(extractIdentifiers('top 10 statuses in 2024').contacts).to.deep.equal([]);
      expect(extractIdentifiers('why is contact C-1234567 flagged bad?')).to.deep.include({ contacts: ['C-1234567'], phones: [] });
      expect(extractIdentifiers('why is C-1234567 flagged bad?').contacts).to.deep.equal(['C-1234567']);
      expect(extractIdentifiers('attempts for C 1234567').contacts).to.deep.equal(['C-1234567']);
    });
    it('reads phone numbers in common formats, as digits', () => {
      expect(extractIdentifiers('attempts for +1 555 0100?').phones).to.deep.equal(['+15550100']);
      expect(extractIdentifiers('al +34 612 345 678').phones).to.deep.equal(['+34612345678']);
      expect(extractIdentifiers('(555) 010-0199 please').phones).to.deep.equal(['5550100199']);
      expect(extractIdentifiers('call 0034 612 345 678').phones).to.deep.equal(['+34612345678']);
      expect(extractIdentifiers('contacto 612 345 678').contacts).to.deep.equal([]);
      expect(extractIdentifiers('in 2024 we had 40%').phones).to.deep.equal([]);
    });
    it('matches campaign names with or without accents, with typos, or by a distinctive word', () => {
      expect(recognizer.recognize({ text: 'how is spring renewals doing' }).entities.campaign).to.deep.equal(['Spring Renewals']);
      expect(recognizer.recognize({ text: 'resumen de encuesta de satisfaccion' }).entities.campaign).to.deep.equal(['Encuesta de Satisfacción']);
      expect(recognizer.recognize({ text: 'how is summer upsel going' }).entities.campaign).to.deep.equal(['Summer Upsell']);
      expect(recognizer.recognize({ text: 'por qué está pausada cobranza' }).entities.campaign).to.deep.equal(['Cobranza Marzo']);
    });
    it('takes campaign names from the data layer when they change', () => {
      const own = new Recognizer({ campaigns: [] });
      expect(own.recognize({ text: 'how is Autumn Promo doing' }).entities.campaign).to.deep.equal([]);
      own.setCampaigns([{ id: 'X', name: 'Autumn Promo' }]);
      expect(own.recognize({ text: 'how is Autumn Promo doing' }).entities.campaign).to.deep.equal(['Autumn Promo']);
    });
    it('does not read a status into the middle of a campaign name', () => {
      expect(recognizer.recognize({ text: 'how is Welcome Calls doing' }).entities.status).to.deep.equal([]);
    });
  });

  describe('markup and odd input', () => {
    it('strips Teams mentions, HTML and entities', () => {
      expect(cleanMarkup('<at>Status Bot</at> what is <b>busy</b>&nbsp;?')).to.equal('what is busy ?');
      expect(normalize('¿Qué significa NÚMERO incorrecto?')).to.equal('que significa numero incorrecto');
      expect(recognizer.recognize({ text: '<at>Status Bot</at> what does busy mean' }).entities.status).to.deep.equal(['busy']);
    });
    it('reads emoji, symbols and control characters as out of scope, without throwing', () => {
      for (const text of ['👍🙂', '???', '\u0000\u0007', '…', '\u202e\u200b']) {
        expect(recognizer.recognize({ text }).intent, JSON.stringify(text)).to.equal('None');
      }
    });
    it('copes with a very long message', () => {
      const result = recognizer.recognize({ text: 'what does busy mean '.repeat(100) });
      expect(result.intent).to.equal('status.explain');
    });
  });
});
