import * as path from 'node:path';
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { parseAccessFile } from '../../src/access/roles';
import type { BotServices } from '../../src/app';
import type { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { buttonsOf, cardOf, sharedBot, startConversation, testBot } from '../helpers/botHarness';
import { importedStore } from '../data/helpers';

/**
 * Alerts asked for, listed and cancelled in chat, through the whole bot, on the data-layer tests' small data set:
 * Alpha Renewals (CMP-A, paused), Cobranza Beta (CMP-B, in progress), Finished Gamma (CMP-F, finished).
 */
describe('alerts in chat', () => {
  let store: SqliteCampaignStore;
  let alerts: SqliteAlertStore;
  let services: BotServices;
  let cleanup: () => void;
  let campaigns: { id: string; name: string }[];
  let users = 0;

  before(async () => {
    let dir: string;
    ({ store, dir, cleanup } = await importedStore('alert-chat-'));
    alerts = await SqliteAlertStore.open(path.join(dir, 'state.sqlite'));
    campaigns = (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
    services = testBot({ store, campaigns, alerts });
  });
  after(async () => {
    await alerts.close();
    await store.close();
    cleanup();
  });

  /** A conversation with a user of its own (their alerts are theirs alone), and the key their alerts are kept under. */
  const user = (locale = 'en-US', options: { channelId?: string; services?: BotServices; userId?: string } = {}) => {
    const userId = options.userId ?? `User-${++users}`;
    return { userId, key: userId.toLowerCase(), chat: startConversation({ services: options.services ?? services, locale, userId, channelId: options.channelId }) };
  };
  const text = (reply: Partial<Activity> | undefined): string => String(reply?.text);

  describe('subscribing', () => {
    it('confirms a status alert in English and keeps it with the conversation, the user and the status seen now', async () => {
      const { userId, key, chat } = user();
      const [reply] = await chat.say('notify me when Cobranza Beta pauses');
      expect(text(reply)).to.contain("I'll tell you here when **Cobranza Beta** is paused.");
      expect(buttonsOf(reply)).to.include('Stop the alerts for Cobranza Beta');
      const [kept] = await alerts.subscriptionsOf(key);
      expect(kept).to.deep.include({ userKey: key, campaignId: 'CMP-B', lang: 'en', condition: { kind: 'status_change', to: ['paused'] }, seen: { 'CMP-B': { status: 'in_progress' } } });
      expect(kept!.viewerIds).to.deep.equal([userId]);
      expect(kept!.reference).to.deep.include({ channelId: 'test', serviceUrl: 'https://test.com' });
      expect(kept!.reference.conversation.id).to.match(/^conversation-/);
      expect(JSON.parse(JSON.stringify(kept!.reference))).to.deep.equal(kept!.reference);
    });

    it('confirms a threshold alert with the percent, the 24-hour window and the 20-call minimum', async () => {
      const { key, chat } = user();
      const [reply] = await chat.say('alert me if Failed goes over 20% in Alpha Renewals');
      expect(text(reply)).to.contain("I'll tell you here when **Failed** goes over **20%** of the calls in **Alpha Renewals** over the last 24 hours (counted once at least 20 calls are in that window).");
      expect((await alerts.subscriptionsOf(key))[0]).to.deep.include({ campaignId: 'CMP-A', condition: { kind: 'result_share', result: 'failed', percent: 20 }, seen: {} });
    });

    it('watches every campaign in Spanish, confirming in Spanish', async () => {
      const { key, chat } = user('es-ES');
      const [reply] = await chat.say('avísame cuando se pause cualquier campaña');
      expect(text(reply)).to.contain('Listo: te avisaré aquí cuando cualquiera de tus campañas se pause.');
      const [kept] = await alerts.subscriptionsOf(key);
      expect(kept).to.deep.include({ campaignId: null, lang: 'es' });
      expect(kept!.seen).to.deep.equal({ 'CMP-A': { status: 'paused' }, 'CMP-B': { status: 'in_progress' }, 'CMP-F': { status: 'finished' } });
    });

    it('reads a Spanish threshold written the other way round ("más del 15% de ocupado")', async () => {
      const { key, chat } = user('es-MX');
      const [reply] = await chat.say('avísame si hay más del 15% de ocupado en Cobranza Beta');
      expect(text(reply)).to.match(/te avisaré aquí cuando \*\*Ocupado\*\* pase del \*\*15\s%\*\* de las llamadas de \*\*Cobranza Beta\*\* en las últimas 24 horas/);
      expect((await alerts.subscriptionsOf(key))[0]!.condition).to.deep.equal({ kind: 'result_share', result: 'busy', percent: 15 });
    });

    it('keeps one alert when the same one is asked for twice in the same chat', async () => {
      const { key, chat } = user();
      await chat.say('notify me when Cobranza Beta pauses');
      const [again] = await chat.say('let me know if Cobranza Beta gets paused');
      expect(text(again)).to.contain('You already have that alert here');
      expect(await alerts.subscriptionsOf(key)).to.have.length(1);
    });

    it('keeps the Teams channel thread as the conversation the alerts go to', async () => {
      const { key, chat } = user('en-US', { channelId: 'msteams' });
      const thread = '19:general@thread.tacv2;messageid=1712345678901';
      await chat.say('notify me when Cobranza Beta pauses', { conversation: { id: thread, isGroup: true, conversationType: 'channel', name: '' }, serviceUrl: 'https://smba.trafficmanager.net/amer/' });
      const [kept] = await alerts.subscriptionsOf(key);
      expect(kept!.reference).to.deep.include({ channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/amer/' });
      expect(kept!.reference.conversation).to.deep.include({ id: thread, conversationType: 'channel' });
    });
  });

  describe('asking which campaign, politely', () => {
    it('asks which of their campaigns when a campaign is not known, and keeps the alert on the one picked', async () => {
      const { key, chat } = user();
      const [ask] = await chat.say('alert me if Failed goes over 20% in Fall Promo');
      expect(text(ask)).to.equal("I couldn't find that campaign among yours. Which one should I watch?");
      expect(buttonsOf(ask)).to.deep.equal(['Alpha Renewals', 'Cobranza Beta', 'Finished Gamma', 'All my campaigns']);
      const [done] = await chat.say('Cobranza Beta');
      expect(text(done)).to.contain('**Failed** goes over **20%** of the calls in **Cobranza Beta**');
      expect((await alerts.subscriptionsOf(key))[0]).to.deep.include({ campaignId: 'CMP-B', condition: { kind: 'result_share', result: 'failed', percent: 20 } });
    });

    it('asks which campaign in Spanish when none is named, and "Todas mis campañas" watches them all', async () => {
      const { key, chat } = user('es-ES');
      const [ask] = await chat.say('avísame cuando termine la campaña');
      expect(text(ask)).to.equal('¿Qué campaña vigilo? Elige una de las tuyas, o todas:');
      expect(buttonsOf(ask)).to.include('Todas mis campañas');
      const [done] = await chat.say('Todas mis campañas');
      expect(text(done)).to.contain('te avisaré aquí cuando cualquiera de tus campañas termine.');
      expect((await alerts.subscriptionsOf(key))[0]).to.deep.include({ campaignId: null, condition: { kind: 'status_change', to: ['finished'] } });
    });
  });

  describe('requests that cannot be watched', () => {
    const cases: [string, string, RegExp][] = [
      ['en-US', 'alert me when Failed goes up in Alpha Renewals', /^Over what percentage\? .*"alert me if Failed goes over 20% in Alpha Renewals"/],
      ['es-ES', 'avísame si Fallida sube en Cobranza Beta', /^¿A partir de qué porcentaje\? .*"avísame si Fallida pasa del 20% en Cobranza Beta"/],
      ['en-US', 'alert me if Busy goes over 150% in Alpha Renewals', /^The percentage has to be above 0% and below 100%/],
      ['en-US', 'alert me if Failed goes over 0% in Alpha Renewals', /^The percentage has to be above 0% and below 100%/],
      ['es-ES', 'avísame si Ocupado pasa del 0% en Cobranza Beta', /^El porcentaje tiene que ser mayor que 0% y menor que 100%/],
      ['es-ES', 'avísame si Fallida supera el 150% en Cobranza Beta', /^El porcentaje tiene que ser mayor que 0% y menor que 100%/],
      ['en-US', 'alert me if more than 20% in Alpha Renewals', /^Which call result should I measure\?/],
    ];
    for (const [locale, message, expected] of cases) {
      it(`"${message}" gets what is missing, in its language, and no alert`, async () => {
        const { key, chat } = user(locale);
        const [reply] = await chat.say(message);
        expect(text(reply)).to.match(expected);
        expect(await alerts.subscriptionsOf(key)).to.deep.equal([]);
      });
    }

    it('says politely, in both languages, when alerts cannot be kept (no alert store)', async () => {
      const en = await startConversation({ services: sharedBot() }).say('notify me when Spring Renewals pauses');
      expect(text(en[0])).to.contain("I can't set up alerts in this chat");
      const es = await startConversation({ services: sharedBot(), locale: 'es-ES' }).say('avísame cuando se pause Cobranza Marzo');
      expect(text(es[0])).to.contain('En este chat no puedo crear alertas');
    });
  });

  describe('listing and cancelling', () => {
    it('lists the alerts as text where cards do not show, and as a card with the lead where they do', async () => {
      const userId = `Lister-${++users}`;
      const { key, chat } = user('en-US', { userId });
      expect(text((await chat.say('what alerts do I have?'))[0])).to.match(/^You have no alerts\./);
      await chat.say('notify me when Cobranza Beta pauses');
      await chat.say('alert me if Busy goes over 30% in Alpha Renewals');
      const [plain] = await chat.say('what alerts do I have?');
      expect(text(plain)).to.equal(
        'You have 2 alerts:\n- **Cobranza Beta** is paused\n- **Busy** goes over **30%** of the calls in **Alpha Renewals** over the last 24 hours (counted once at least 20 calls are in that window)',
      );
      expect(buttonsOf(plain)).to.deep.equal(['Stop the alerts for Cobranza Beta', 'Stop the alerts for Alpha Renewals', 'Cancel all my alerts']);
      const [carded] = await user('en-US', { userId, channelId: 'webchat' }).chat.say('which alerts have I set up');
      expect(text(carded)).to.equal('You have 2 alerts:');
      expect(JSON.stringify(cardOf(carded))).to.contain('Your alerts').and.to.contain('**Cobranza Beta** is paused (in another chat)');
      expect(key).to.equal(userId.toLowerCase());
    });

    it("removes one campaign's alerts, then all of them, saying how many, in English", async () => {
      const { key, chat } = user();
      await chat.say('notify me when Cobranza Beta pauses');
      await chat.say('alert me if Failed goes over 20% in Cobranza Beta');
      await chat.say('notify me when Alpha Renewals is back in progress');
      const [one] = await chat.say('stop the alerts for Cobranza Beta');
      expect(text(one)).to.equal('Done: I removed your 2 alerts for **Cobranza Beta**.');
      expect((await alerts.subscriptionsOf(key)).map((s) => s.campaignId)).to.deep.equal(['CMP-A']);
      const [none] = await chat.say('stop the alerts for Cobranza Beta');
      expect(text(none)).to.equal('You have no alerts for **Cobranza Beta**, so there was nothing to remove.');
      const [all] = await chat.say('cancel all my alerts');
      expect(text(all)).to.equal('Done: I removed your alert.');
      expect(await alerts.subscriptionsOf(key)).to.deep.equal([]);
    });

    it('cancels all of them in Spanish, and does not cancel everything for a campaign it does not know', async () => {
      const { key, chat } = user('es-ES');
      await chat.say('avísame cuando se pause Cobranza Beta');
      await chat.say('avísame cuando termine Alpha Renewals');
      const [unknown] = await chat.say('quita las alertas de Promo Otoño');
      expect(text(unknown)).to.equal('No encontré esa campaña entre tus alertas. Estas son las que tienes:');
      expect(buttonsOf(unknown)).to.include('Cancela las alertas de Cobranza Beta');
      expect(await alerts.subscriptionsOf(key)).to.have.length(2);
      const [all] = await chat.say('cancela mis alertas');
      expect(text(all)).to.equal('Listo: quité tus 2 alertas.');
      expect(await alerts.subscriptionsOf(key)).to.deep.equal([]);
    });
  });

  describe('access rules', () => {
    const policy = parseAccessFile(
      `
users:
  - ids: [agent-a]
    role: agent
    campaigns: [CMP-A]
  - ids: [guest-1]
    role: guest
`,
      'roles.yaml',
    );
    let guarded: BotServices;
    before(() => {
      guarded = testBot({ store, campaigns, alerts, access: policy });
    });

    it("answers a campaign the user may not see as one that does not exist, offers only theirs, and keeps nothing", async () => {
      const hidden = await startConversation({ services: guarded, userId: 'agent-a' }).say('notify me when Cobranza Beta pauses');
      const unknown = await startConversation({ services: guarded, userId: 'agent-a' }).say('notify me when the campaign in Fall Promo pauses');
      expect(text(hidden[0])).to.equal("I couldn't find that campaign among yours. Which one should I watch?");
      expect(buttonsOf(hidden[0])).to.deep.equal(['Alpha Renewals', 'All my campaigns']);
      expect({ text: hidden[0]!.text, buttons: buttonsOf(hidden[0]!) }).to.deep.equal({ text: unknown[0]!.text, buttons: buttonsOf(unknown[0]!) });
      expect(await alerts.subscriptionsOf('agent-a')).to.deep.equal([]);
    });

    it('gives a guest the status guide, not an alert', async () => {
      const [reply] = await startConversation({ services: guarded, userId: 'guest-1', locale: 'es-ES' }).say('avísame cuando se pause Alpha Renewals');
      expect(text(reply)).to.contain('tu cuenta solo tiene acceso a la guía de estados');
      expect(await alerts.subscriptionsOf('guest-1')).to.deep.equal([]);
    });
  });
});
