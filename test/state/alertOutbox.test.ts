import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { alertFor, outboxRows, recordAlerts, subscription, teamsReference } from '../alerts/helpers';
import { tempDir } from '../data/helpers';

const SERVICE = 'http://127.0.0.1:9/';

/** The outbox side of the SQLite alert store, as the deliverer uses it: claims, leases, the pace, retries, drops. */
describe('the alerts outbox in the state file', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  let one: SqliteAlertStore;
  let two: SqliteAlertStore;

  beforeEach(async () => {
    temp = tempDir('alert-outbox-');
    path = join(temp.dir, 'state.sqlite');
    one = await SqliteAlertStore.open(path);
    two = await SqliteAlertStore.open(path);
  });
  afterEach(async () => {
    await one.close();
    await two.close();
    temp.cleanup();
  });

  it('hands a claimed message to nobody else until its lease ends, and one message per conversation at a time', async () => {
    const a = subscription(teamsReference(SERVICE, 'a:one'));
    const b = subscription(teamsReference(SERVICE, 'a:two'));
    const now = Date.now();
    const messages = [alertFor(a, 'a1', now), alertFor(a, 'a2', now), alertFor(b, 'b1', now)];
    await recordAlerts(one, messages);

    const first = await one.claimDue(now, 10, 1000);
    expect(first.map((m) => m.activity.text)).to.deep.equal(['a1', 'b1']);
    expect(await two.claimDue(now + 999, 10, 1000), 'within the lease').to.deep.equal([]);
    const again = await two.claimDue(now + 1000, 10, 1000);
    expect(again.map((m) => m.activity.text), 'once the lease ended').to.deep.equal(['a1', 'b1']);
  });

  it('delivered(id, nextNotBefore) holds the conversation\'s next messages back for the pace, for every process', async () => {
    const a = subscription(teamsReference(SERVICE, 'a:one'));
    const b = subscription(teamsReference(SERVICE, 'a:two'));
    const now = Date.now();
    await recordAlerts(one, [alertFor(a, 'a1', now), alertFor(a, 'a2', now), alertFor(a, 'a3', now + 5000), alertFor(b, 'b1', now)]);
    const [a1, b1] = await one.claimDue(now, 10, 60_000);
    await one.delivered(a1!.id, now + 1000);
    await one.delivered(b1!.id);

    const rows = await outboxRows(path);
    expect(rows.map((row) => row.due_at)).to.deep.equal([now + 1000, now + 5000]);
    expect(await two.claimDue(now + 999, 10, 60_000)).to.deep.equal([]);
    expect((await two.claimDue(now + 1000, 10, 60_000)).map((m) => m.activity.text)).to.deep.equal(['a2']);
  });

  it('retryLater counts the attempt, keeps the error and the new due time, and frees the claim', async () => {
    const a = subscription(teamsReference(SERVICE, 'a:one'));
    const now = Date.now();
    await recordAlerts(one, [alertFor(a, 'a1', now)]);
    const [claimed] = await one.claimDue(now, 10, 60_000);
    await one.retryLater(claimed!.id, now + 2000, 'RestError 503: busy');

    expect(await two.claimDue(now + 1999, 10, 60_000)).to.deep.equal([]);
    const [retried] = await two.claimDue(now + 2000, 10, 60_000);
    expect(retried).to.deep.include({ id: claimed!.id, attempts: 1, lastError: 'RestError 503: busy', dueAt: now + 2000 });
  });

  it('dropSubscription removes the subscription and its waiting messages, and nobody else\'s', async () => {
    const a = subscription(teamsReference(SERVICE, 'a:one'));
    const b = subscription(teamsReference(SERVICE, 'a:two'));
    for (const sub of [a, b]) await one.addSubscription(sub);
    await recordAlerts(one, [alertFor(a, 'a1'), alertFor(a, 'a2'), alertFor(b, 'b1')]);
    await two.dropSubscription(a.id);

    expect((await one.subscriptionsOf('aad-ana')).map((s) => s.id)).to.deep.equal([b.id]);
    expect((await outboxRows(path)).map((row) => row.subscription_id)).to.deep.equal([b.id]);
  });
});
