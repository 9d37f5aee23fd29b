/**
 * What every Direct Line ConversationLog (src/channels/directLine/conversationLog.ts) must do, wherever it keeps the
 * conversations: creating and reading them, starting them once, ids and watermarks, the backlog limit, subscribers
 * (nothing lost or doubled), expiry on an injected clock, closing; and, for engines whose instances share a database,
 * what one instance sees of another's work. Run on each engine of engines.ts by conversationLog.test.ts.
 */
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import type { ActivityGroup, ConversationLog, ConversationLogOptions, ConversationSubscriber, StoredActivity } from '../../src/channels/directLine/conversationLog';
import type { ConversationLogEngine } from './engines';
import { rejection } from '../helpers/rejection';

/** How long a test waits for a delivery or for another instance to catch up. */
const WAIT_MS = 2000;

/** Checks again (after the pending I/O and timers) until the check passes, or fails with its last error. */
async function eventually<T>(check: () => Promise<T>): Promise<T> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

/** The sequence number in an activity's id (`<conversationId>|<seq>`). */
const seqOf = (activity: { id?: string } | string | undefined): number => Number(String(typeof activity === 'object' ? activity.id : activity).split('|')[1]);
const texts = (activities: readonly Activity[]): (string | undefined)[] => activities.map((a) => a.text);

/** A subscriber that keeps what it is given. */
class Listener implements ConversationSubscriber {
  readonly groups: ActivityGroup[] = [];
  ended = 0;
  private waiters: (() => void)[] = [];

  get activities(): Activity[] {
    return this.groups.flatMap((group) => group.activities);
  }

  deliver(group: ActivityGroup): void {
    this.groups.push(group);
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  end(): void {
    this.ended++;
  }

  /** Resolves once `count` activities have come, all told. */
  async waitFor(count: number): Promise<Activity[]> {
    const until = Date.now() + WAIT_MS;
    while (this.activities.length < count) {
      if (Date.now() > until) throw new Error(`${count} activities expected, ${this.activities.length} came: ${JSON.stringify(texts(this.activities))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
    return this.activities;
  }
}

const message = (text: string): Partial<Activity> => ({ type: 'message', text, from: { id: 'u', name: '', role: 'user' } });

export function describeConversationLog(engine: ConversationLogEngine): void {
  describe(`ConversationLog conformance: ${engine.name}`, () => {
    let database: Awaited<ReturnType<ConversationLogEngine['database']>>;
    let opened: ConversationLog[];
    /** The logs' clock. */
    let now: number;
    let log: ConversationLog;

    const open = async (options: ConversationLogOptions = {}): Promise<ConversationLog> => {
      const instance = await database.open({ now: () => now, ...options });
      opened.push(instance);
      return instance;
    };
    const create = (on: ConversationLog = log, locale = 'en-US'): Promise<{ id: string; userId: string }> => on.create({ locale, serviceUrl: 'http://bot.example' });
    const appendAll = async (on: ConversationLog, id: string, ...words: string[]): Promise<StoredActivity[]> => {
      const stored: StoredActivity[] = [];
      for (const text of words) stored.push(await on.append(id, message(text)));
      return stored;
    };

    beforeEach(async () => {
      now = Date.UTC(2026, 0, 1);
      opened = [];
      database = await engine.database();
      log = await open();
    });

    afterEach(async () => {
      for (const instance of opened) await instance.close();
      await database.remove();
    });

    describe('conversations', () => {
      it('creates conversations with new ids, an anonymous user unless one is given, not started, active now', async () => {
        const a = await log.create({ locale: 'es-MX', serviceUrl: 'http://bot.example' });
        expect(a).to.include({ locale: 'es-MX', serviceUrl: 'http://bot.example', started: false, lastActive: now });
        expect(a.id).to.match(/^[\w-]+$/);
        expect(a.userId).to.match(/^dl_[\w-]+$/);
        const b = await log.create({ locale: 'en-US', serviceUrl: 'http://bot.example', userId: 'ana@contoso.com' });
        expect(b.userId).to.equal('ana@contoso.com');
        expect(b.id).to.not.equal(a.id);
        const c = await create();
        expect(new Set([a.id, b.id, c.id]).size).to.equal(3);
        expect(c.userId).to.not.equal(a.userId);
        expect(await log.get(a.id)).to.deep.equal(a);
      });

      it('hands out copies: changing one changes nothing kept', async () => {
        const { id } = await create();
        const got = (await log.get(id)) as unknown as Record<string, unknown>;
        got.started = true;
        got.locale = 'xx';
        expect(await log.get(id)).to.include({ started: false, locale: 'en-US' });
      });

      it('knows no unknown id: get, touch, start and after give nothing; append and subscribe reject', async () => {
        await create();
        for (const id of ['nope', '', 'x|0000001', "'; DROP TABLE conversations; --"]) {
          expect(await log.get(id), id).to.equal(undefined);
          expect(await log.touch(id), id).to.equal(false);
          expect(await log.start(id, 'es-ES'), id).to.equal(false);
          expect(await log.after(id, undefined), id).to.equal(undefined);
          expect(await rejection(log.append(id, message('hi'))), id).to.be.instanceOf(Error);
          const listener = new Listener();
          expect(await rejection(log.subscribe(id, listener, undefined)), id).to.be.instanceOf(Error);
          expect(listener.groups).to.deep.equal([]);
        }
      });

      it('starts a conversation once, taking the locale given then', async () => {
        const { id } = await create();
        expect(await log.start(id, 'es-ES')).to.equal(true);
        expect(await log.get(id)).to.include({ started: true, locale: 'es-ES' });
        expect(await log.start(id, 'fr-FR')).to.equal(false);
        expect(await log.start(id)).to.equal(false);
        expect(await log.get(id)).to.include({ started: true, locale: 'es-ES' });
        const other = await create(log, 'es-MX');
        expect(await log.start(other.id)).to.equal(true);
        expect(await log.get(other.id)).to.include({ started: true, locale: 'es-MX' });
      });

      it('lets exactly one of many concurrent starts win', async () => {
        const { id } = await create();
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => log.start(id, `es-${i}`)));
        expect(results.filter(Boolean)).to.have.length(1);
        expect((await log.get(id))?.locale).to.equal(`es-${results.indexOf(true)}`);
      });
    });

    describe('activities and watermarks', () => {
      it('appends in order with unique ids <conversationId>|<seq>, and reads them after a watermark', async () => {
        const { id } = await create();
        const stored = await appendAll(log, id, 'm0', 'm1', 'm2', 'm3', 'm4');
        for (const activity of stored) expect(activity.id).to.match(new RegExp(`^${id}\\|\\d{7,}$`));
        const seqs = stored.map(seqOf);
        expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).to.equal(true);
        expect(stored[1]).to.deep.include({ type: 'message', text: 'm1', from: { id: 'u', name: '', role: 'user' } });

        const all = await log.after(id, undefined);
        expect(all?.activities.map((a) => a.id)).to.deep.equal(stored.map((a) => a.id));
        expect(texts(all!.activities)).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4']);
        expect(all?.watermark).to.equal(String(seqs[4]));
        expect(texts((await log.after(id, seqs[1]))!.activities)).to.deep.equal(['m2', 'm3', 'm4']);
        expect(await log.after(id, seqs[4])).to.deep.equal({ activities: [], watermark: String(seqs[4]) });
      });

      it('gives an empty conversation no watermark, unless asked with one', async () => {
        const { id } = await create();
        expect(await log.after(id, undefined)).to.deep.equal({ activities: [], watermark: undefined });
        expect(await log.after(id, 5)).to.deep.equal({ activities: [], watermark: '5' });
      });

      it('keeps a bounded backlog with increasing watermarks', async () => {
        const bounded = await open({ maxBacklog: 3 });
        const { id } = await create(bounded);
        const stored = await appendAll(bounded, id, 'm0', 'm1', 'm2', 'm3', 'm4');
        const all = await bounded.after(id, undefined);
        expect(texts(all!.activities)).to.deep.equal(['m2', 'm3', 'm4']);
        expect(all?.watermark).to.equal(String(seqOf(stored[4]!)));
        expect(texts((await bounded.after(id, seqOf(stored[3]!)))!.activities)).to.deep.equal(['m4']);
        // a watermark older than the backlog gets what is kept; one from the future nothing, and the last watermark
        expect(texts((await bounded.after(id, seqOf(stored[0]!)))!.activities)).to.deep.equal(['m2', 'm3', 'm4']);
        expect(await bounded.after(id, seqOf(stored[4]!) + 1000)).to.deep.equal({ activities: [], watermark: String(seqOf(stored[4]!)) });
      });

      it('keeps conversations apart', async () => {
        const a = await create();
        const b = await create();
        await log.append(a.id, message('a0'));
        await log.append(b.id, message('b0'));
        await log.append(a.id, message('a1'));
        expect(texts((await log.after(a.id, undefined))!.activities)).to.deep.equal(['a0', 'a1']);
        expect(texts((await log.after(b.id, undefined))!.activities)).to.deep.equal(['b0']);
      });
    });

    describe('subscribers', () => {
      it('get the backlog after their watermark first, then every new activity', async () => {
        const { id } = await create();
        const [a, b] = await appendAll(log, id, 'a', 'b');
        const all = new Listener();
        const afterA = new Listener();
        const upToDate = new Listener();
        await log.subscribe(id, all, undefined);
        await log.subscribe(id, afterA, seqOf(a!));
        await log.subscribe(id, upToDate, seqOf(b!));
        expect(await all.waitFor(2)).to.have.length(2);
        expect(all.groups[0]).to.deep.equal({ activities: [a, b].map((x) => JSON.parse(JSON.stringify(x)) as Activity), watermark: String(seqOf(b!)) });
        expect(texts(await afterA.waitFor(1))).to.deep.equal(['b']);
        const c = await log.append(id, message('c'));
        for (const [listener, expected] of [[all, ['a', 'b', 'c']], [afterA, ['b', 'c']], [upToDate, ['c']]] as const) {
          expect(texts(await listener.waitFor(expected.length))).to.deep.equal(expected);
          expect(listener.groups.at(-1)?.watermark).to.equal(String(seqOf(c)));
        }
      });

      it('lose nothing and get nothing twice when activities are appended while they subscribe', async () => {
        const { id } = await create();
        const listener = new Listener();
        const words = Array.from({ length: 12 }, (_, i) => `m${i}`);
        const appending = appendAll(log, id, ...words);
        await log.subscribe(id, listener, undefined);
        const stored = await appending;
        const got = await listener.waitFor(words.length);
        expect(got.map((a) => a.id)).to.deep.equal(stored.map((a) => a.id));
      });

      it('stop getting activities once unsubscribed, while the others go on; and hear nothing of other conversations', async () => {
        const { id } = await create();
        const other = await create();
        const leaving = new Listener();
        const staying = new Listener();
        const elsewhere = new Listener();
        const unsubscribe = await log.subscribe(id, leaving, undefined);
        await log.subscribe(id, staying, undefined);
        await log.subscribe(other.id, elsewhere, undefined);
        await log.append(id, message('one'));
        await leaving.waitFor(1);
        unsubscribe();
        unsubscribe();
        await log.append(id, message('two'));
        expect(texts(await staying.waitFor(2))).to.deep.equal(['one', 'two']);
        await log.append(other.id, message('three'));
        expect(texts(await elsewhere.waitFor(1))).to.deep.equal(['three']);
        expect(texts(leaving.activities)).to.deep.equal(['one']);
        expect(texts(staying.activities)).to.deep.equal(['one', 'two']);
      });
    });

    describe('activity and expiry (on the injected clock)', () => {
      it('forgets idle conversations and ends their subscribers, and caps how many it keeps', async () => {
        const start = now;
        const limited = await open({ idleMs: 1000, maxConversations: 2 });
        const idle = await create(limited);
        const listener = new Listener();
        await limited.subscribe(idle.id, listener, undefined);
        now = start + 500;
        const active = await create(limited);
        now = start + 1200;
        expect(await limited.sweep()).to.equal(1);
        expect(listener.ended).to.equal(1);
        expect(await limited.get(idle.id)).to.equal(undefined);
        expect(await limited.get(active.id)).to.not.equal(undefined);
        // a third and a fourth conversation push out the least recently active one
        await create(limited);
        await create(limited);
        expect(await limited.get(active.id)).to.equal(undefined);
        expect(await limited.sweep()).to.equal(0);
      });

      it('keeps a conversation that is read, touched or appended to; after() alone does not', async () => {
        const limited = await open({ idleMs: 1000 });
        const { id } = await create(limited);
        now += 800;
        expect(await limited.touch(id)).to.equal(true);
        now += 800;
        expect((await limited.get(id))?.lastActive).to.equal(now);
        now += 800;
        await limited.append(id, message('still here'));
        now += 800;
        expect(await limited.after(id, undefined)).to.not.equal(undefined);
        now += 201;
        expect(await limited.sweep()).to.equal(1);
        expect(await limited.get(id)).to.equal(undefined);
      });

      it('treats an idle conversation as gone for every operation, before any sweep', async () => {
        const limited = await open({ idleMs: 1000 });
        const { id } = await create(limited);
        const listener = new Listener();
        await limited.subscribe(id, listener, undefined);
        now += 1001;
        expect(await limited.after(id, undefined)).to.equal(undefined);
        expect(await limited.touch(id)).to.equal(false);
        expect(await limited.start(id)).to.equal(false);
        expect(await rejection(limited.append(id, message('late')))).to.be.instanceOf(Error);
        expect(await rejection(limited.subscribe(id, new Listener(), undefined))).to.be.instanceOf(Error);
        expect(await limited.get(id)).to.equal(undefined);
        await limited.sweep();
        expect(listener.ended).to.equal(1);
        expect(listener.activities).to.deep.equal([]);
      });
    });

    describe('closing', () => {
      it('ends every subscriber, and refuses every operation after', async () => {
        const a = await create();
        const b = await create();
        const listeners = [new Listener(), new Listener(), new Listener()];
        await log.subscribe(a.id, listeners[0]!, undefined);
        await log.subscribe(a.id, listeners[1]!, undefined);
        await log.subscribe(b.id, listeners[2]!, undefined);
        await log.close();
        expect(listeners.map((l) => l.ended)).to.deep.equal([1, 1, 1]);
        for (const operation of [
          () => create(),
          () => log.get(a.id),
          () => log.touch(a.id),
          () => log.start(a.id),
          () => log.append(a.id, message('after the end')),
          () => log.after(a.id, undefined),
          () => log.subscribe(a.id, new Listener(), undefined),
          () => log.sweep(),
        ]) {
          expect(await rejection(operation())).to.be.instanceOf(Error);
        }
        await log.close();
      });
    });

    if (!engine.shared) return;

    describe('several instances on one database (processes or machines)', () => {
      it('one instance sees the conversations another creates, starts and appends to', async () => {
        const other = await open();
        const { id, userId } = await create(log, 'en-GB');
        await eventually(async () => expect(await other.get(id)).to.include({ id, userId, locale: 'en-GB', started: false, serviceUrl: 'http://bot.example' }));
        expect(await log.start(id, 'es-ES')).to.equal(true);
        await eventually(async () => expect(await other.get(id)).to.include({ started: true, locale: 'es-ES' }));
        expect(await other.start(id, 'fr-FR')).to.equal(false);
        const [m0] = await appendAll(log, id, 'm0');
        await eventually(async () => expect((await other.after(id, undefined))?.activities.map((a) => a.id)).to.deep.equal([m0!.id]));
      });

      it("one instance finds at once a conversation another has just created: the page's next request may reach either", async () => {
        const other = await open();
        const { id, userId } = await create(log, 'es-MX');
        expect(await other.get(id)).to.include({ id, userId, locale: 'es-MX', started: false });
        expect(await other.start(id, 'es-MX')).to.equal(true);
      });

      it('a subscriber on one instance gets what is appended on another, in order, once', async () => {
        const other = await open();
        const { id } = await create();
        await eventually(async () => expect(await other.touch(id)).to.equal(true));
        const listener = new Listener();
        await other.subscribe(id, listener, undefined);
        const [m1] = await appendAll(log, id, 'm1');
        await listener.waitFor(1);
        const [m2] = await appendAll(other, id, 'm2');
        const [m3] = await appendAll(log, id, 'm3');
        expect(texts(await listener.waitFor(3))).to.deep.equal(['m1', 'm2', 'm3']);
        expect(listener.activities.map((a) => a.id)).to.deep.equal([m1!.id, m2!.id, m3!.id]);
        expect(seqOf(m2!)).to.be.greaterThan(seqOf(m1!));
        expect(seqOf(m3!)).to.be.greaterThan(seqOf(m2!));
        expect(listener.groups.at(-1)?.watermark).to.equal(String(seqOf(m3!)));
      });

      it('gives activities appended on two instances at once ids that never collide', async () => {
        const other = await open();
        const { id } = await create();
        await eventually(async () => expect(await other.touch(id)).to.equal(true));
        const words = (prefix: string): string[] => Array.from({ length: 10 }, (_, i) => `${prefix}${i}`);
        const stored = (await Promise.all([appendAll(log, id, ...words('a')), appendAll(other, id, ...words('b'))])).flat();
        expect(new Set(stored.map((a) => a.id)).size).to.equal(20);
        for (const instance of [log, other]) {
          await eventually(async () => {
            const ids = (await instance.after(id, undefined))!.activities.map((a) => a.id);
            expect([...ids].sort()).to.deep.equal(stored.map((a) => a.id).sort());
            expect(ids.map(seqOf)).to.deep.equal(ids.map(seqOf).sort((p, q) => p - q));
          });
        }
      });

      it('an instance opened later knows the conversations and activities from before it', async () => {
        const { id } = await create();
        await log.start(id, 'es-ES');
        const stored = await appendAll(log, id, 'before', 'me');
        const later = await open();
        await eventually(async () => {
          expect(await later.get(id)).to.include({ started: true, locale: 'es-ES' });
          expect((await later.after(id, undefined))?.activities.map((a) => a.id)).to.deep.equal(stored.map((a) => a.id));
        });
        const [next] = await appendAll(later, id, 'after');
        expect(seqOf(next!)).to.be.greaterThan(seqOf(stored[1]!));
      });

      it('closing one instance ends only its own subscribers; the others go on', async () => {
        const other = await open();
        const { id } = await create();
        await eventually(async () => expect(await other.touch(id)).to.equal(true));
        const mine = new Listener();
        const theirs = new Listener();
        await log.subscribe(id, mine, undefined);
        await other.subscribe(id, theirs, undefined);
        await other.close();
        expect(theirs.ended).to.equal(1);
        expect(mine.ended).to.equal(0);
        await log.append(id, message('still open'));
        expect(texts(await mine.waitFor(1))).to.deep.equal(['still open']);
      });
    });
  });
}
