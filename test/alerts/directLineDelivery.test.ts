import { join } from 'node:path';
import { ConversationState, MemoryStorage, TurnContext, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { createAdapter } from '../../src/adapter';
import type { ActivityGroup, Conversation } from '../../src/channels/directLine/conversationLog';
import { MemoryConversationLog } from '../../src/channels/directLine/conversations';
import { toChannelActivity } from '../../src/channels/directLine/incomingActivity';
import type { AlertDeliverer } from '../../src/channels/proactive/alertDeliverer';
import { startAlertDelivery } from '../../src/channels/proactive/alertDelivery';
import { isOwnDirectLine } from '../../src/channels/proactive/directLineDelivery';
import { readConfig } from '../../src/config';
import type { StoredReference } from '../../src/domain/alerts';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { tempDir } from '../data/helpers';
import { captureLogs } from '../helpers/logCapture';
import { alertFor, eventually, outboxEmptied, outboxRows, recordAlerts, subscription, teamsReference } from './helpers';

const BOT = { id: 'campaign-status-bot', name: 'Campaign status bot' };
const HOUR = 60 * 60 * 1000;

/** The reference botbuilder takes from the user's message, as the chat side keeps it when the user subscribes. */
async function referenceOf(conversations: MemoryConversationLog, conversation: Conversation): Promise<StoredReference> {
  const said = await conversations.append(conversation.id, toChannelActivity({ type: 'message', text: 'notify me when Spring Renewals pauses' }, conversation, BOT));
  return TurnContext.getConversationReference(said as Activity) as unknown as StoredReference;
}

describe('alert delivery into the web chat page\'s own Direct Line conversations', () => {
  let temp: ReturnType<typeof tempDir>;
  let statePath: string;
  let store: SqliteAlertStore;
  let clock: number;
  let conversations: MemoryConversationLog;
  let deliverer: AlertDeliverer;

  beforeEach(async () => {
    temp = tempDir('alerts-directline-');
    statePath = join(temp.dir, 'state.sqlite');
    store = await SqliteAlertStore.open(statePath);
    clock = Date.now();
    conversations = new MemoryConversationLog({ idleMs: HOUR, now: () => clock });
    // the CloudAdapter is there for the other channels: nothing here reaches it
    deliverer = startAlertDelivery({ store, adapter: createAdapter(readConfig({}), new ConversationState(new MemoryStorage())), conversations });
  });
  afterEach(async () => {
    await deliverer.close();
    await store.close();
    temp.cleanup();
  });

  it('appends the alert as the bot\'s: pushed to the open stream at once and kept in the backlog', async () => {
    const conversation = await conversations.create({ locale: 'en-US', serviceUrl: 'http://127.0.0.1:3978' });
    const reference = await referenceOf(conversations, conversation);
    expect(isOwnDirectLine(reference)).to.equal(true);
    const pushed: ActivityGroup[] = [];
    await conversations.subscribe(conversation.id, { deliver: (group) => pushed.push(group), end: () => undefined }, 0);
    const sub = subscription(reference, { userKey: conversation.userId });
    await store.addSubscription(sub);
    await recordAlerts(store, [alertFor(sub, 'Spring Renewals was paused (out of minutes).')]);
    deliverer.nudge();

    const [alert] = await eventually('the alert pushed to the stream', () => pushed[0]?.activities);
    expect(alert).to.deep.include({ type: 'message', text: 'Spring Renewals was paused (out of minutes).', channelId: 'webchat' });
    expect(alert!.from).to.deep.include({ id: BOT.id, role: 'bot' });
    expect(alert!.recipient).to.deep.include({ id: conversation.userId });
    expect(alert!.conversation.id).to.equal(conversation.id);
    expect(alert).to.not.have.property('replyToId');
    expect((await conversations.after(conversation.id, undefined))!.activities.map((a) => a.text)).to.deep.equal(['notify me when Spring Renewals pauses', 'Spring Renewals was paused (out of minutes).']);
    await outboxEmptied(statePath);
  });

  it('drops the subscription of a conversation that has expired, as a connector\'s 404, with a log line', async () => {
    const logs = captureLogs('info');
    try {
      const conversation = await conversations.create({ locale: 'es-MX', serviceUrl: 'http://127.0.0.1:3978' });
      const sub = subscription(await referenceOf(conversations, conversation), { userKey: conversation.userId });
      await store.addSubscription(sub);
      clock += 2 * HOUR;
      await recordAlerts(store, [alertFor(sub, 'Cobranza Marzo se pausó.')]);
      deliverer.nudge();

      await eventually('the subscription dropped', async () => ((await store.subscriptionsOf(conversation.userId)).length === 0 ? true : undefined));
      expect(await outboxRows(statePath)).to.deep.equal([]);
      const dropped = logs.records().find((record) => record.event === 'alerts.dropped');
      expect(dropped).to.deep.include({ subscriptionId: sub.id, status: 404, channel: 'webchat' });
    } finally {
      logs.stop();
    }
  });

  it('leaves Teams and Azure\'s own Web Chat channel to the Bot Connector', () => {
    expect(isOwnDirectLine(teamsReference('https://smba.trafficmanager.net/emea/', '19:x'))).to.equal(false);
    expect(isOwnDirectLine({ ...teamsReference('https://webchat.botframework.com/', 'abc'), channelId: 'webchat' })).to.equal(false);
    expect(isOwnDirectLine({ ...teamsReference('https://bot.contoso.com', 'abc'), channelId: 'webchat' })).to.equal(true);
  });
});
