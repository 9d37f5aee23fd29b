import * as path from 'node:path';
import { expect } from 'chai';
import { parseAccessFile, OPEN_POLICY, type AccessPolicy } from '../../src/access/roles';
import { checkChange } from '../../src/core/alerts/alertCheck';
import type { AlertCondition, AlertSubscription, OutboxMessage } from '../../src/domain/alerts';
import type { Lang } from '../../src/domain/language';
import { importFolder } from '../../src/data/importer';
import type { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { DataEvents } from '../../src/data/dataEvents';
import { AlertWatcher } from '../../src/lifecycle/alertWatcher';
import { renderAnswer } from '../../src/render/renderAnswer';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { startConversation, testBot } from '../helpers/botHarness';
import { importedStore, smallDataSet, writeDataSet, type Cell } from '../data/helpers';

/** One campaign's state and its calls, as the dialer would export them: every import writes the whole of it. */
interface Campaigns {
  alpha?: { status: string; pauseReason?: string };
  beta?: { status: string };
  /** Alpha's calls, in order, a minute apart from 09:00 UTC on 3 March 2025 (each to a contact of its own). */
  calls?: string[];
}

function dataSet({ alpha = { status: 'in_progress' }, beta = { status: 'in_progress' }, calls = [] }: Campaigns) {
  const at = (i: number): string => new Date(Date.UTC(2025, 2, 3, 9, i)).toISOString();
  return {
    campaigns: [
      ['CMP-A', 'Alpha Renewals', alpha.status, 3, 2, alpha.pauseReason ?? '', '', '', 'UTC'],
      ['CMP-B', 'Cobranza Beta', beta.status, 3, 2, '', '', '', 'America/Mexico_City'],
    ] as Cell[][],
    contacts: [['C-B1', 'CMP-B', 'Bea', '+52 55 1234 0001'], ...calls.map((_, i) => [`C-${i}`, 'CMP-A', `Contact ${i}`, `+1 555 010 ${String(1000 + i)}`])] as Cell[][],
    attempts: calls.map((result, i) => [`A-${i}`, `C-${i}`, at(i), result, '', '']) as Cell[][],
  };
}

/** `n` calls, `failed` of them Failed and the rest Completed. */
const calls = (n: number, failed: number): string[] => Array.from({ length: n }, (_, i) => (i < failed ? 'failed' : 'completed'));

describe('alerts firing after committed batches', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  let dbPath: string;
  let store: SqliteCampaignStore;
  let alerts: SqliteAlertStore;
  let imports = 0;
  let made = 0;

  const load = async (campaigns: Campaigns): Promise<void> => {
    await importFolder(dbPath, writeDataSet(path.join(dir, `csv-${++imports}`), dataSet(campaigns)));
  };
  const watcher = (policy: AccessPolicy = OPEN_POLICY): AlertWatcher => new AlertWatcher({ campaigns: store, alerts, policy, now: () => 1_000 });
  /** Every message waiting in the outbox, delivered (taken out) so the next call sees only new ones. */
  const outbox = async (): Promise<OutboxMessage[]> => {
    const taken: OutboxMessage[] = [];
    for (let batch = await alerts.claimDue(Number.MAX_SAFE_INTEGER, 100, 1); batch.length > 0; batch = await alerts.claimDue(Number.MAX_SAFE_INTEGER, 100, 1)) {
      for (const message of batch) await alerts.delivered(message.id);
      taken.push(...batch);
    }
    return taken;
  };
  const subscribe = async (userKey: string, campaignId: string | null, condition: AlertCondition, seen: AlertSubscription['seen'] = {}, lang: Lang = 'en'): Promise<AlertSubscription> => {
    const subscription: AlertSubscription = {
      id: `sub-${++made}`,
      userKey,
      campaignId,
      condition,
      lang,
      reference: { channelId: 'webchat', serviceUrl: 'http://localhost:3978', conversation: { id: `conv-${userKey}` }, user: { id: userKey } },
      createdAt: new Date(Date.UTC(2025, 2, 1, 0, 0, made)).toISOString(),
      seen,
    };
    await alerts.addSubscription(subscription);
    return subscription;
  };
  const textOf = (message: OutboxMessage): string => String(message.activity.text);
  const buttonsOf = (message: OutboxMessage): string[] =>
    ((message.activity.suggestedActions as { actions: { value: string }[] } | undefined)?.actions ?? []).map((action) => action.value);
  const seenOf = async (subscription: AlertSubscription) => (await alerts.subscriptionsOf(subscription.userKey)).find((s) => s.id === subscription.id)!.seen;

  beforeEach(async () => {
    ({ store, dir, dbPath, cleanup } = await importedStore('alert-firing-', dataSet({})));
    alerts = await SqliteAlertStore.open(path.join(dir, 'state.sqlite'));
    // the watcher's first look: the data's history fires nothing
    expect(await watcher().checkNow()).to.equal(0);
    expect(await alerts.checkedSeq()).to.equal(await store.latestChangeSeq());
  });
  afterEach(async () => {
    await alerts.close();
    await store.close();
    cleanup();
  });

  describe('status changes', () => {
    const anyChange: AlertCondition = { kind: 'status_change', to: ['paused', 'finished', 'in_progress'] };

    it("fires once when a campaign pauses, with the reason, the guide's action and the next questions, in the subscriber's language", async () => {
      const en = await subscribe('ana', 'CMP-A', anyChange, { 'CMP-A': { status: 'in_progress' } });
      const es = await subscribe('beto', null, { kind: 'status_change', to: ['paused'] }, { 'CMP-A': { status: 'in_progress' } }, 'es');
      await load({ alpha: { status: 'paused', pauseReason: 'out_of_minutes' } });
      expect(await watcher().checkNow()).to.equal(1);
      const [toAna, toBeto, ...more] = await outbox();
      expect(more).to.deep.equal([]);
      expect(toAna).to.deep.include({ subscriptionId: en.id, reference: en.reference, dueAt: 1_000 });
      expect(textOf(toAna!)).to.equal('Alert: **Alpha Renewals** has been paused.');
      const card = JSON.stringify(toAna!.activity.attachments);
      expect(card).to.contain('out of minutes').and.to.contain('ran out of minutes').and.to.contain('What to do:').and.to.contain('In progress');
      expect(buttonsOf(toAna!)).to.deep.equal(['How is Alpha Renewals doing?', 'Contacts flagged bad in Alpha Renewals']);
      expect(toBeto!.subscriptionId).to.equal(es.id);
      expect(textOf(toBeto!)).to.equal('Alerta: **Alpha Renewals** se ha pausado.');
      expect(buttonsOf(toBeto!)).to.deep.equal(['¿Cómo va Alpha Renewals?', 'Contactos marcados como malos en Alpha Renewals']);
      expect(await seenOf(en)).to.deep.equal({ 'CMP-A': { status: 'paused' } });
    });

    it('fires nothing when the same data is imported again, and fires again when the campaign resumes', async () => {
      const onlyPauses = await subscribe('ana', 'CMP-A', { kind: 'status_change', to: ['paused'] }, { 'CMP-A': { status: 'in_progress' } });
      const everything = await subscribe('bo', 'CMP-A', anyChange, { 'CMP-A': { status: 'in_progress' } });
      await load({ alpha: { status: 'paused', pauseReason: 'manual' } });
      await watcher().checkNow();
      expect((await outbox()).map((m) => m.subscriptionId)).to.deep.equal([onlyPauses.id, everything.id]);

      await load({ alpha: { status: 'paused', pauseReason: 'manual' } });
      expect(await watcher().checkNow()).to.equal(1);
      expect(await outbox()).to.deep.equal([]);

      await load({ alpha: { status: 'in_progress' } });
      await watcher().checkNow();
      const [resumed, ...more] = await outbox();
      expect(more).to.deep.equal([]);
      expect(resumed!.subscriptionId).to.equal(everything.id);
      expect(textOf(resumed!)).to.equal('Alert: **Alpha Renewals** is back in progress.');
      expect(JSON.stringify(resumed!.activity.attachments)).to.contain('Monitor it live');
      expect(await seenOf(onlyPauses)).to.deep.equal({ 'CMP-A': { status: 'in_progress' } });
    });

    it('only records a campaign seen for the first time', async () => {
      const fresh = await subscribe('ana', null, anyChange);
      await load({ alpha: { status: 'finished' } });
      await watcher().checkNow();
      expect(await outbox()).to.deep.equal([]);
      // a small import rewrites both campaigns' facts: both are seen for the first time
      expect(await seenOf(fresh)).to.deep.equal({ 'CMP-A': { status: 'finished' }, 'CMP-B': { status: 'in_progress' } });
    });

    it('fires nothing twice for a replayed batch, in this process or another', async () => {
      const sub = await subscribe('ana', 'CMP-A', anyChange, { 'CMP-A': { status: 'in_progress' } });
      const before = await alerts.checkedSeq();
      await load({ alpha: { status: 'paused' } });
      const [change] = await store.changesSince(before);
      const deps = { store, policy: OPEN_POLICY, render: (answer: Parameters<typeof renderAnswer>[0]) => JSON.parse(JSON.stringify(renderAnswer(answer, {}))) as Record<string, unknown> };
      const check = await checkChange(change!, await alerts.subscriptionsFor(change!.campaignIds), deps);
      expect(check.messages).to.have.length(1);
      expect(await alerts.recordCheck(check)).to.equal(true);
      // the same batch again, as a second process holding the subscriptions it read before would record it
      expect(await alerts.recordCheck(check)).to.equal(false);
      const other = await SqliteAlertStore.open(path.join(dir, 'state.sqlite'));
      try {
        expect(await new AlertWatcher({ campaigns: store, alerts: other, policy: OPEN_POLICY }).checkNow()).to.equal(0);
        expect(await other.recordCheck(check)).to.equal(false);
      } finally {
        await other.close();
      }
      expect(await watcher().checkNow()).to.equal(0);
      expect((await outbox()).map((m) => m.subscriptionId)).to.deep.equal([sub.id]);
    });
  });

  describe("a call result's share of the last 24 hours", () => {
    const failedOver20: AlertCondition = { kind: 'result_share', result: 'failed', percent: 20 };

    it('fires once on crossing, stays quiet while over, and fires again only after going back under', async () => {
      const sub = await subscribe('ana', 'CMP-A', failedOver20);
      const shares: [number, number][] = [
        [25, 4], // 16%: under
        [30, 9], // 30%: crosses
        [40, 12], // 30%: still over
        [60, 12], // 20%: not over 20%: armed again
        [70, 22], // 31%: crosses again
      ];
      const fired: string[] = [];
      for (const [n, failed] of shares) {
        await load({ calls: calls(n, failed) });
        await watcher().checkNow();
        fired.push(...(await outbox()).map(textOf));
      }
      expect(fired).to.deep.equal([
        'Alert: **Failed** is **30%** of the calls in **Alpha Renewals** over the last 24 hours, over your 20%.',
        'Alert: **Failed** is **31%** of the calls in **Alpha Renewals** over the last 24 hours, over your 20%.',
      ]);
      expect(await seenOf(sub)).to.deep.equal({ 'CMP-A': { over: true } });
    });

    it("gives the figures and the guide's action for the result", async () => {
      await subscribe('ana', 'CMP-A', failedOver20);
      await load({ calls: calls(30, 9) });
      await watcher().checkNow();
      const [message] = await outbox();
      const card = JSON.stringify(message!.activity.attachments);
      expect(card).to.contain('9 of the 30 calls made in the 24 hours up to Mar 3, 2025').and.to.contain('ended Failed.');
      expect(card).to.contain('What to do:** Start a technical review right away');
    });

    it('counts only the 24 hours before the latest call', async () => {
      await subscribe('ana', 'CMP-A', failedOver20);
      // 30 failed calls on 3 March, then 25 completed ones two days later: the window holds only the latter
      const early = calls(30, 30).map((result, i) => ['A-E' + i, 'C-E' + i, new Date(Date.UTC(2025, 2, 3, 9, i)).toISOString(), result, '', '']);
      const data = dataSet({ calls: calls(25, 0) });
      data.attempts = data.attempts.map((row) => [row[0], row[1], String(row[2]).replace('2025-03-03', '2025-03-05'), ...row.slice(3)]);
      data.contacts.push(...early.map((row) => [row[1], 'CMP-A', 'Early', '+1 555 020 0000']));
      data.attempts.push(...early);
      await importFolder(dbPath, writeDataSet(path.join(dir, 'two-days'), data));
      await watcher().checkNow();
      expect(await outbox()).to.deep.equal([]);
    });

    it('fires nothing below 20 calls, and does not count them as going under', async () => {
      const sub = await subscribe('ana', 'CMP-A', failedOver20, { 'CMP-A': { over: true } });
      await load({ calls: calls(19, 19) });
      await watcher().checkNow();
      expect(await outbox()).to.deep.equal([]);
      expect(await seenOf(sub)).to.deep.equal({ 'CMP-A': { over: true } });
    });
  });

  describe('access rules', () => {
    const policy = parseAccessFile(
      `
users:
  - ids: [agent-b, agent-b@contoso.com]
    role: agent
    campaigns: [CMP-B]
  - ids: [boss]
    role: supervisor
  - ids: [ana@contoso.com]
    role: agent
    campaigns: ["alpha renewals"]
`,
      'roles.yaml',
    );

    it('sends nothing about a campaign the user may no longer see, and checks every id they subscribed with', async () => {
      const paused: AlertCondition = { kind: 'status_change', to: ['paused'] };
      const seen = { 'CMP-A': { status: 'in_progress' as const } };
      await subscribe('agent-b', 'CMP-A', paused, seen);
      await subscribe('agent-b', null, paused, seen);
      const boss = await subscribe('boss', null, paused, seen);
      const teams = await subscribe('29:1ana', 'CMP-A', paused, seen);
      await alerts.addSubscription({ ...teams, id: 'sub-teams-email', viewerIds: ['29:1ana', 'ana@contoso.com'] });
      await load({ alpha: { status: 'paused' } });
      await watcher(policy).checkNow();
      expect((await outbox()).map((m) => m.subscriptionId)).to.deep.equal([boss.id, 'sub-teams-email']);
    });
  });

  describe('the watcher', () => {
    it('finds a batch another process committed by polling, and checks at once on the commit signal', async () => {
      const sub = await subscribe('ana', 'CMP-A', { kind: 'status_change', to: ['paused', 'in_progress'] }, { 'CMP-A': { status: 'in_progress' } });
      const committed = new DataEvents();
      const polling = new AlertWatcher({ campaigns: store, alerts, policy: OPEN_POLICY, pollMs: 20 }).start();
      try {
        await load({ alpha: { status: 'paused' } });
        expect((await eventually(outbox)).map((m) => m.subscriptionId)).to.deep.equal([sub.id]);
      } finally {
        await polling.stop();
      }
      const signalled = new AlertWatcher({ campaigns: store, alerts, policy: OPEN_POLICY, pollMs: 3_600_000, committed }).start();
      try {
        await signalled.checkNow();
        await load({ alpha: { status: 'in_progress' } });
        await committed.committed({ seq: 0, source: 'test', committedAt: '', campaignIds: [], rows: { campaigns: 0, contacts: 0, attempts: 0 } });
        expect(textOf((await eventually(outbox))[0]!)).to.contain('back in progress');
      } finally {
        await signalled.stop();
      }
    });

    it('sends an alert asked for in chat to the conversation it was asked in', async () => {
      // the names of the data-layer tests' small data set (a superset of these), so their trained recognizer is shared
      const campaigns = smallDataSet().campaigns.map(([id, name]) => ({ id: String(id), name: String(name) }));
      const chat = startConversation({ services: testBot({ store, campaigns, alerts }), userId: 'Chat-User', locale: 'es-ES' });
      await chat.say('avísame cuando se pause Alpha Renewals');
      const [kept] = await alerts.subscriptionsOf('chat-user');
      await load({ alpha: { status: 'paused', pauseReason: 'system_failure' } });
      await watcher().checkNow();
      const [message] = await outbox();
      expect(message!.reference).to.deep.equal(kept!.reference);
      expect(textOf(message!)).to.contain('Alerta: **Alpha Renewals** se ha pausado.');
      expect(textOf(message!)).to.contain('**fallo del sistema**');
    });
  });
});

/** Polls `read` until it gives something (no fixed sleep: each try is 10 ms apart, for at most 10 s). */
async function eventually<T>(read: () => Promise<T[]>): Promise<T[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const found = await read();
    if (found.length > 0 || Date.now() > until) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
