import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import { Db } from '../../src/data/db';
import { DEFAULT_QUERY_TIMEOUT_MS, QueryTimeoutError } from '../../src/data/queryTimeout';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import { tempDir } from '../data/helpers';
import { messageActivity, postActivity, startTestServer } from '../helpers/httpServer';
import { captureLogs } from '../helpers/logCapture';
import '../helpers/quietLogs';

/** Counts to a few hundred million: seconds of CPU in SQLite, the stand-in for a query gone wrong. */
const SLOW_QUERY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 500000000) SELECT count(*) AS n FROM c';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('it did not fail');
}

describe('timeouts', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir('timeouts-');
  });
  afterEach(() => temp.cleanup());

  describe('database queries', () => {
    it('interrupt a query that runs past its limit with a clear error, and the connection works on', async () => {
      const db = await Db.open(join(temp.dir, 'slow.sqlite'), { queryTimeoutMs: 200 });
      try {
        const started = Date.now();
        const error = await failure(db.get(SLOW_QUERY));
        expect(error).to.be.instanceOf(QueryTimeoutError);
        expect(error.message).to.match(/slow\.sqlite took longer than 200 ms and was stopped/);
        expect(Date.now() - started).to.be.below(1500);
        expect(await db.get<{ one: number }>('SELECT 1 AS one')).to.deep.equal({ one: 1 });
      } finally {
        await db.close();
      }
    });

    it('have a limit by default (5 s), and none when a batch job asks for none', async () => {
      const path = join(temp.dir, 'default.sqlite');
      const db = await Db.open(path);
      const batch = await Db.open(path, { queryTimeoutMs: 0 });
      expect(db.queryTimeoutMs).to.equal(DEFAULT_QUERY_TIMEOUT_MS).and.to.equal(5000);
      expect(batch.queryTimeoutMs).to.equal(0);
      await db.close();
      await batch.close();
    });

    it('give up on a state write that waits on another process\'s lock, and leave no transaction open', async () => {
      const path = join(temp.dir, 'state.sqlite');
      const storage = await SqliteStorage.open(path, { queryTimeoutMs: 600 });
      const other = await Db.open(path);
      try {
        await other.run('BEGIN IMMEDIATE');
        const started = Date.now();
        const error = await failure(storage.write({ 'webchat/conversations/locked/': { memory: 1 } }));
        expect((error as { code?: string }).code).to.be.oneOf(['SQLITE_BUSY', 'QUERY_TIMEOUT']);
        expect(Date.now() - started).to.be.below(2000);
        await other.run('ROLLBACK');
        // the storage's connection was not left inside a transaction: it writes and reads again
        await storage.write({ 'webchat/conversations/locked/': { memory: 2 } });
        const items = await storage.read(['webchat/conversations/locked/']);
        expect(items['webchat/conversations/locked/']).to.include({ memory: 2 });
      } finally {
        await other.close();
        await storage.close();
      }
    });
  });

  describe('replies to a channel (the CloudAdapter\'s outbound calls)', () => {
    let channel: Server;
    let calls = 0;
    before(async () => {
      // a channel service that takes the reply and never answers
      channel = createServer((req) => {
        calls++;
        req.resume();
      });
      await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', () => resolve()));
    });
    after(async () => {
      channel.closeAllConnections();
      await new Promise<void>((resolve) => channel.close(() => resolve()));
    });

    it('time out, end the turn with a logged error, and answer the request', async () => {
      const server = await startTestServer({}, {}, { outboundTimeoutMs: 300 });
      const logs = captureLogs('info');
      try {
        const serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}`;
        const started = Date.now();
        const { status } = await postActivity(server.url, messageActivity('what does busy mean?', { channelId: 'webchat', deliveryMode: undefined, serviceUrl }));
        const took = Date.now() - started;
        expect(status).to.equal(200);
        expect(took).to.be.below(3000);
        expect(calls).to.be.at.least(1);
        const failed = logs.records().find((r) => r.event === 'turn.error');
        expect(failed, logs.lines.join('')).to.include({ channelUnreachable: true });
        // no apology is attempted through a channel that did not take the reply
        expect(logs.records().filter((r) => r.event === 'turn.apologyFailed')).to.deep.equal([]);
      } finally {
        logs.stop();
        await server.close();
      }
    });
  });
});
