import { join } from 'node:path';
import { ConversationState, MemoryStorage, type CloudAdapter } from 'botbuilder';
import { expect } from 'chai';
import { createAdapter } from '../../src/adapter';
import { MemoryConversationLog } from '../../src/channels/directLine/conversations';
import type { AlertDeliverer, AlertDelivererOptions } from '../../src/channels/proactive/alertDeliverer';
import { startAlertDelivery } from '../../src/channels/proactive/alertDelivery';
import { readConfig } from '../../src/config';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { tempDir } from '../data/helpers';
import { startConnectorStandIn, type ConnectorCall, type ConnectorStandIn } from '../helpers/connectorStandIn';
import { captureLogs } from '../helpers/logCapture';
import { alertFor, eventually, outboxEmptied, outboxRows, recordAlerts, subscription, teamsReference } from './helpers';

const THREAD = '19:general@thread.tacv2;messageid=1700000000000';

describe('alert delivery through the Bot Connector (a local stand-in at the serviceUrl, channel msteams)', function () {
  this.timeout(30_000);
  let temp: ReturnType<typeof tempDir>;
  let statePath: string;
  let standIn: ConnectorStandIn;
  let adapter: CloudAdapter;
  let stores: SqliteAlertStore[];
  let deliverers: AlertDeliverer[];

  beforeEach(async () => {
    temp = tempDir('alerts-connector-');
    statePath = join(temp.dir, 'state.sqlite');
    standIn = await startConnectorStandIn();
    // no MicrosoftAppId: the adapter posts to the serviceUrl without a token, as in local development
    adapter = createAdapter(readConfig({}), new ConversationState(new MemoryStorage()));
    stores = [];
    deliverers = [];
  });
  afterEach(async () => {
    for (const deliverer of deliverers) await deliverer.close();
    for (const store of stores) await store.close();
    await standIn.close();
    temp.cleanup();
  });

  async function openStore(): Promise<SqliteAlertStore> {
    const store = await SqliteAlertStore.open(statePath);
    stores.push(store);
    return store;
  }

  function deliver(store: SqliteAlertStore, options: AlertDelivererOptions = {}): AlertDeliverer {
    const deliverer = startAlertDelivery({ store, adapter, conversations: new MemoryConversationLog(), options });
    deliverers.push(deliverer);
    return deliverer;
  }

  const texts = (calls: ConnectorCall[]): unknown[] => calls.map((call) => call.activity.text);

  it('posts the alert into the Teams thread it was subscribed in, without auth, and empties the outbox', async () => {
    const store = await openStore();
    const sub = subscription(teamsReference(standIn.serviceUrl, THREAD));
    await store.addSubscription(sub);
    await recordAlerts(store, [alertFor(sub, 'Spring Renewals was paused.')]);
    deliver(store).nudge();

    const [call] = await standIn.waitForCalls(1);
    expect(call!.conversationId).to.equal(THREAD);
    expect(call!.path).to.match(/^\/v3\/conversations\/[^/]+\/activities/);
    expect(call!.authorization).to.equal(undefined);
    expect(call!.activity).to.deep.include({ type: 'message', text: 'Spring Renewals was paused.', channelId: 'msteams' });
    expect(call!.activity.conversation).to.deep.include({ id: THREAD });
    expect(call!.activity.from).to.deep.include({ id: '28:bot-app-id' });
    expect(call!.activity.recipient).to.deep.include({ id: '29:user-1' });
    await outboxEmptied(statePath);
    expect((await store.subscriptionsOf('aad-ana')).map((s) => s.id)).to.deep.equal([sub.id]);
  });

  it('429 with Retry-After, then 200: delivered once, after the wait the connector asked for', async () => {
    const store = await openStore();
    const sub = subscription(teamsReference(standIn.serviceUrl, THREAD));
    await store.addSubscription(sub);
    standIn.respond((_call, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    await recordAlerts(store, [alertFor(sub, 'Failed went over 20%.')]);
    deliver(store).nudge();

    await standIn.waitForCalls(1);
    const waiting = await eventually('the 429 recorded', async () => (await outboxRows(statePath)).find((row) => row.attempts === 1));
    expect(waiting.last_error).to.contain('429');
    const calls = await standIn.waitForCalls(2);
    expect(calls[1]!.at - calls[0]!.at).to.be.at.least(1000);
    await outboxEmptied(statePath);
    // nothing left to send: the two calls are all there will be
    expect(standIn.calls.map((call) => call.status)).to.deep.equal([429, 200]);
    expect(texts(standIn.calls)).to.deep.equal(['Failed went over 20%.', 'Failed went over 20%.']);
  });

  it('makes one HTTP attempt per try (botbuilder\'s own retries are off) and backs off between tries', async () => {
    const store = await openStore();
    const sub = subscription(teamsReference(standIn.serviceUrl, THREAD));
    await store.addSubscription(sub);
    standIn.respond(() => ({ status: 500 }));
    await recordAlerts(store, [alertFor(sub, 'Spring Renewals finished.')]);
    deliver(store, { backoff: { baseMs: 400, maxMs: 400 }, random: () => 1, paceMs: 50 }).nudge();

    const first = await eventually('the 500 recorded', async () => (await outboxRows(statePath)).find((row) => row.attempts === 1));
    expect(standIn.calls, 'calls before the first retry').to.have.length(1);
    expect(first.last_error).to.contain('500');
    expect(first.due_at - standIn.calls[0]!.at).to.be.within(400, 900);
    const calls = await standIn.waitForCalls(3);
    expect(calls[1]!.at - calls[0]!.at).to.be.at.least(400);
    expect(calls[2]!.at - calls[1]!.at).to.be.at.least(400);
    expect((await outboxRows(statePath))[0]?.attempts).to.be.at.least(2);
  });

  it('403 or 404 (bot removed, conversation gone): the subscription and its waiting alerts are dropped, with a log line', async () => {
    const logs = captureLogs('info');
    try {
      const store = await openStore();
      const removed = subscription(teamsReference(standIn.serviceUrl, 'a:removed-bot'));
      const gone = subscription(teamsReference(standIn.serviceUrl, 'a:gone'));
      const kept = subscription(teamsReference(standIn.serviceUrl, 'a:fine'));
      for (const sub of [removed, gone, kept]) await store.addSubscription(sub);
      standIn.respond((call) => ({ status: call.conversationId === 'a:removed-bot' ? 403 : call.conversationId === 'a:gone' ? 404 : 200 }));
      await recordAlerts(store, [alertFor(removed, 'one'), alertFor(removed, 'two'), alertFor(gone, 'three'), alertFor(kept, 'four')]);
      deliver(store).nudge();

      await outboxEmptied(statePath);
      expect(standIn.calls.map((call) => [call.conversationId, call.status]).sort()).to.deep.equal([
        ['a:fine', 200],
        ['a:gone', 404],
        ['a:removed-bot', 403],
      ]);
      expect((await store.subscriptionsOf('aad-ana')).map((s) => s.id)).to.deep.equal([kept.id]);
      const dropped = logs.records().filter((record) => record.event === 'alerts.dropped');
      expect(dropped.map((record) => [record.subscriptionId, record.status]).sort()).to.deep.equal(
        [
          [removed.id, 403],
          [gone.id, 404],
        ].sort(),
      );
      expect(dropped[0]?.level).to.equal('warn');
    } finally {
      logs.stop();
    }
  });

  it('400 (an activity the channel will never take): that alert is removed, the subscription stays and its next alert goes out', async () => {
    const store = await openStore();
    const sub = subscription(teamsReference(standIn.serviceUrl, THREAD));
    await store.addSubscription(sub);
    standIn.respond((_call, index) => ({ status: index === 0 ? 400 : 200 }));
    await recordAlerts(store, [alertFor(sub, 'bad'), alertFor(sub, 'good')]);
    deliver(store, { paceMs: 50 }).nudge();

    const calls = await standIn.waitForCalls(2);
    expect(calls.map((call) => [call.activity.text, call.status])).to.deep.equal([
      ['bad', 400],
      ['good', 200],
    ]);
    await outboxEmptied(statePath);
    expect(await store.subscriptionsOf('aad-ana')).to.have.length(1);
  });

  it('sends at most one message per second to a conversation, in order, while other conversations do not wait', async () => {
    const store = await openStore();
    const busy = subscription(teamsReference(standIn.serviceUrl, 'a:busy'));
    const other = subscription(teamsReference(standIn.serviceUrl, 'a:other'));
    for (const sub of [busy, other]) await store.addSubscription(sub);
    await recordAlerts(store, [alertFor(busy, 'first'), alertFor(busy, 'second'), alertFor(busy, 'third'), alertFor(other, 'elsewhere')]);
    deliver(store).nudge();

    const calls = await standIn.waitForCalls(4);
    const toBusy = calls.filter((call) => call.conversationId === 'a:busy');
    expect(texts(toBusy)).to.deep.equal(['first', 'second', 'third']);
    expect(toBusy[1]!.at - toBusy[0]!.at).to.be.at.least(1000);
    expect(toBusy[2]!.at - toBusy[1]!.at).to.be.at.least(1000);
    const elsewhere = calls.find((call) => call.conversationId === 'a:other');
    expect(elsewhere!.at - toBusy[0]!.at).to.be.below(1000);
  });

  it('without a nudge, finds what another process wrote to the outbox on its next look', async () => {
    const [writer, reader] = [await openStore(), await openStore()];
    deliver(reader, { pollMs: 200 });
    const sub = subscription(teamsReference(standIn.serviceUrl, THREAD));
    await writer.addSubscription(sub);
    await recordAlerts(writer, [alertFor(sub, 'written by the import')]);

    const [call] = await standIn.waitForCalls(1, 5000);
    expect(call!.activity.text).to.equal('written by the import');
  });

  it('close() stops claiming and waits for the send under way, which is marked delivered', async () => {
    const store = await openStore();
    const sub = subscription(teamsReference(standIn.serviceUrl, THREAD));
    await store.addSubscription(sub);
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    standIn.respond(async () => {
      arrived();
      await held;
      return { status: 200 };
    });
    await recordAlerts(store, [alertFor(sub, 'in flight')]);
    const deliverer = deliver(store);
    deliverer.nudge();
    await arrival;

    let closed = false;
    const closing = deliverer.close().then(() => (closed = true));
    // a round trip to the state file and a turn of the event loop: time enough for a close that did not wait
    await store.checkedSeq();
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed, 'closed before the connector answered').to.equal(false);
    answer();
    await closing;
    expect(standIn.calls.map((call) => call.status)).to.deep.equal([200]);
    expect(await outboxRows(statePath)).to.deep.equal([]);
  });

  it('two deliverers on one state file (two processes) never send one message twice, and keep the order and the pace', async () => {
    const [one, two] = [await openStore(), await openStore()];
    const subs = Array.from({ length: 12 }, (_, i) => subscription(teamsReference(standIn.serviceUrl, `a:conversation-${i}`)));
    for (const sub of subs) await one.addSubscription(sub);
    const messages = subs.flatMap((sub, i) => (i < 2 ? [alertFor(sub, `${i}-1`), alertFor(sub, `${i}-2`)] : [alertFor(sub, `${i}-1`)]));
    await recordAlerts(one, messages);
    const options = { batch: 3, pollMs: 100 };
    deliver(one, options).nudge();
    deliver(two, options).nudge();

    const calls = await standIn.waitForCalls(messages.length);
    await outboxEmptied(statePath);
    expect(standIn.calls).to.have.length(messages.length);
    expect(texts(standIn.calls).sort()).to.deep.equal(messages.map((m) => m.activity.text).sort());
    for (const i of [0, 1]) {
      const ofOne = calls.filter((call) => call.conversationId === `a:conversation-${i}`);
      expect(texts(ofOne)).to.deep.equal([`${i}-1`, `${i}-2`]);
      expect(ofOne[1]!.at - ofOne[0]!.at, 'the pace across deliverers').to.be.at.least(1000);
    }
  });
});
