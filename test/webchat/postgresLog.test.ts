/**
 * PgConversationLog's listening connection (one per instance) lost and found again: what was appended while it was
 * away reaches the subscribers once it is back, from the last activity each was given, with nothing doubled.
 */
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { Client } from 'pg';
import type { ActivityGroup, ConversationSubscriber } from '../../src/channels/directLine/conversationLog';
import { PgConversationLog } from '../../src/channels/directLine/pgConversationLog';
import { freshDatabase, type PgCluster } from '../helpers/postgres';

/** Keeps what it is given; `waitFor` resolves once `count` activities came (or fails after `timeoutMs`). */
class Listener implements ConversationSubscriber {
  readonly activities: Activity[] = [];
  private wake: () => void = () => undefined;
  deliver(group: ActivityGroup): void {
    this.activities.push(...group.activities);
    this.wake();
  }
  end(): void {}
  async waitFor(count: number, timeoutMs = 15_000): Promise<(string | undefined)[]> {
    const until = Date.now() + timeoutMs;
    while (this.activities.length < count) {
      const left = until - Date.now();
      if (left <= 0) throw new Error(`${count} activities expected, got ${JSON.stringify(this.activities.map((a) => a.text))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.activities.map((a) => a.text);
  }
}

const message = (text: string): Partial<Activity> => ({ type: 'message', text, from: { id: 'u', name: '', role: 'user' } });

describe('PgConversationLog: the listening connection lost and found again', function () {
  this.timeout(60_000);
  let url: string;
  let name: string;
  let cluster: PgCluster;
  let drop: () => Promise<void>;
  const logs: PgConversationLog[] = [];

  before(async function () {
    ({ url, cluster, drop } = await freshDatabase(this));
    name = new URL(url).pathname.slice(1);
  });
  after(async () => {
    for (const log of logs) await log.close();
    await drop?.();
  });

  const admin = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: cluster.url('postgres') });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  it('delivers what was appended meanwhile once it is back, then goes on as before', async () => {
    const [here, there] = [await PgConversationLog.open(url), await PgConversationLog.open(url)];
    logs.push(here, there);
    const { id } = await there.create({ locale: 'en-US', serviceUrl: 'http://bot.example' });
    const listener = new Listener();
    await here.subscribe(id, listener, undefined);
    await there.append(id, message('before'));
    expect(await listener.waitFor(1)).to.deep.equal(['before']);

    // no new connection to the database, and the listening ones cut: the notification of 'meanwhile' reaches nobody
    await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND query LIKE 'LISTEN %'`);
      // 'there' appends on the connection its pool already holds
      await there.append(id, message('meanwhile'));
      expect(listener.activities.map((a) => a.text)).to.deep.equal(['before']);
    } finally {
      await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    expect(await listener.waitFor(2)).to.deep.equal(['before', 'meanwhile']);
    await there.append(id, message('after'));
    expect(await listener.waitFor(3)).to.deep.equal(['before', 'meanwhile', 'after']);
    const ids = listener.activities.map((a) => a.id);
    expect(new Set(ids).size).to.equal(3);
  });
});
