import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConfig } from '../../src/config';
import { projectPath } from '../../src/platform/paths';
import { Db } from '../../src/data/db';
import { openStateStorage } from '../../src/state/openStateStorage';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import { tempFolder } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

describe('opening the state store', () => {
  let temp: ReturnType<typeof tempFolder>;

  beforeEach(() => {
    temp = tempFolder('state-open-');
  });

  afterEach(() => temp.remove());

  it('reads STATE_DB (default data/state.sqlite, relative to the working folder) and STATE_TTL_DAYS (default 30)', () => {
    expect(readConfig({}).stateDb).to.equal(projectPath('data', 'state.sqlite'));
    expect(readConfig({ STATE_DB: 'elsewhere/s.sqlite' }).stateDb).to.equal(resolve(process.cwd(), 'elsewhere/s.sqlite'));
    expect(readConfig({ STATE_DB: '/var/lib/bot/s.sqlite' }).stateDb).to.equal('/var/lib/bot/s.sqlite');
    expect(readConfig({}).stateTtlDays).to.equal(30);
    expect(readConfig({ STATE_TTL_DAYS: '7' }).stateTtlDays).to.equal(7);
    expect(() => readConfig({ STATE_TTL_DAYS: 'a week' })).to.throw('STATE_TTL_DAYS must be a positive number');
    expect(() => readConfig({ STATE_TTL_DAYS: '0' })).to.throw('STATE_TTL_DAYS');
  });

  it('creates the folder, purges expired state at once, and closes', async () => {
    const path = join(temp.dir, 'a', 'b', 'state.sqlite');
    const seed = await openStateStorage(path, { conversationTtlDays: 30, log: () => undefined });
    await seed.storage.write({
      'webchat/conversations/stale/': { n: 1 },
      'webchat/conversations/live/': { n: 2 },
      'webchat/users/stale/': { n: 3 },
      'webchat/users/live/': { n: 4 },
    });
    await seed.close();
    const db = await Db.open(path);
    await db.run('UPDATE state SET updated_at = ? WHERE key = ?', [Date.now() - 31 * DAY, 'webchat/conversations/stale/']);
    await db.run('UPDATE state SET updated_at = ? WHERE key = ?', [Date.now() - 31 * DAY, 'webchat/users/live/']);
    await db.run('UPDATE state SET updated_at = ? WHERE key = ?', [Date.now() - 366 * DAY, 'webchat/users/stale/']);
    await db.close();

    const lines: string[] = [];
    const state = await openStateStorage(path, { conversationTtlDays: 30, log: (line) => lines.push(line) });
    try {
      expect(lines).to.deep.equal(['State: removed 1 expired conversation(s) and 1 user(s).']);
      const left = await state.storage.read(['webchat/conversations/stale/', 'webchat/conversations/live/', 'webchat/users/stale/', 'webchat/users/live/']);
      expect(Object.keys(left).sort()).to.deep.equal(['webchat/conversations/live/', 'webchat/users/live/']);
      // 400 days on, the rest has expired too
      expect(await state.purge(Date.now() + 400 * DAY)).to.deep.equal({ conversations: 1, users: 1 });
    } finally {
      await state.close();
    }
    expect(existsSync(path)).to.equal(true);
    expect((await state.storage.read(['x']).then(() => 'open', (e: Error) => e.message))).to.contain('closed');
  });

  it('keeps users as long as conversations when conversations are kept longer than a year', async () => {
    const state = await openStateStorage(temp.file('long.sqlite'), { conversationTtlDays: 500, log: () => undefined });
    try {
      await state.storage.write({ 'webchat/users/u/': { n: 1 }, 'webchat/conversations/c/': { n: 1 } });
      expect(await state.purge(Date.now() + 400 * DAY)).to.deep.equal({ conversations: 0, users: 0 });
      expect(await state.purge(Date.now() + 501 * DAY)).to.deep.equal({ conversations: 1, users: 1 });
    } finally {
      await state.close();
    }
  });

  it('hands the bot a compare-and-set view over the file', async () => {
    const state = await openStateStorage(temp.file('view.sqlite'), { conversationTtlDays: 30, log: () => undefined });
    try {
      expect(state.store).to.be.instanceOf(SqliteStorage);
      expect(state.storage).to.not.equal(state.store);
    } finally {
      await state.close();
    }
  });
});
