import { ConversationState, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { CompareAndSetStorage } from '../../src/state/compareAndSetStorage';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import { ETagConflictError } from '../../src/state/stateStore';
import { tempFolder } from './helpers';

function turn(adapter: TestAdapter, text: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'cas-conversation', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'cas-user', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
  };
  return new TurnContext(adapter, activity);
}

describe('CompareAndSetStorage (the bot\'s view of its store)', () => {
  let temp: ReturnType<typeof tempFolder>;
  let sqlite: SqliteStorage;
  let other: SqliteStorage;

  beforeEach(async () => {
    temp = tempFolder('state-cas-');
    sqlite = await SqliteStorage.open(temp.file('state.sqlite'));
    other = await SqliteStorage.open(temp.file('state.sqlite'));
  });

  afterEach(async () => {
    await sqlite.close();
    await other.close();
    temp.remove();
  });

  it('writes an object it read back with the eTag it was read with, even when given "*"', async () => {
    const storage = new CompareAndSetStorage(sqlite);
    await storage.write({ k: { n: 1 } });
    const item = (await storage.read(['k'])).k as Record<string, unknown>;
    await other.write({ k: { n: 2 } });
    item.n = 3;
    item.eTag = '*';
    const error = await storage.write({ k: item }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ETagConflictError);
    expect((await sqlite.read(['k'])).k).to.include({ n: 2 });
  });

  it('tracks the eTag of its own writes, so the same object can be saved twice in a row', async () => {
    const storage = new CompareAndSetStorage(sqlite);
    const fresh: Record<string, unknown> = { n: 1 };
    await storage.write({ k: fresh });
    fresh.n = 2;
    fresh.eTag = '*';
    await storage.write({ k: fresh });
    expect((await sqlite.read(['k'])).k).to.include({ n: 2 });
    await other.write({ k: { n: 9 } });
    fresh.n = 3;
    expect(await storage.write({ k: fresh }).then(() => 'ok', (e: unknown) => e)).to.be.instanceOf(ETagConflictError);
  });

  it('writes objects it never saw as given, and respects an explicit eTag', async () => {
    const storage = new CompareAndSetStorage(sqlite);
    await other.write({ k: { n: 1 } });
    await storage.write({ k: { n: 2, eTag: '*' } });
    expect((await sqlite.read(['k'])).k).to.include({ n: 2 });
    expect(await storage.write({ k: { n: 3, eTag: 'stale' } }).then(() => 'ok', (e: unknown) => e)).to.be.instanceOf(ETagConflictError);
    await storage.delete(['k']);
    expect(await sqlite.read(['k'])).to.deep.equal({});
  });

  it('turns botbuilder ConversationState\'s "*" saves into compare-and-set: of two racing turns the later one fails', async () => {
    const first = new ConversationState(new CompareAndSetStorage(sqlite));
    const second = new ConversationState(new CompareAndSetStorage(other));
    const memoryA = first.createProperty<{ said: string[] }>('memory');
    const memoryB = second.createProperty<{ said: string[] }>('memory');
    const adapter = new TestAdapter(async () => undefined);

    const seed = turn(adapter, 'seed');
    await memoryA.set(seed, { said: ['seed'] });
    await first.saveChanges(seed);

    // both turns read the same state, then each saves its change
    const a = turn(adapter, 'a');
    const b = turn(adapter, 'b');
    const readA = await memoryA.get(a, { said: [] });
    const readB = await memoryB.get(b, { said: [] });
    await memoryA.set(a, { said: [...readA.said, 'a'] });
    await memoryB.set(b, { said: [...readB.said, 'b'] });
    await first.saveChanges(a);
    const error = await second.saveChanges(b).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ETagConflictError);

    const check = turn(adapter, 'check');
    expect(await memoryA.get(check)).to.deep.equal({ said: ['seed', 'a'] });
  });

  it('leaves plain ConversationState last-writer-wins, which is why the bot needs it', async () => {
    const first = new ConversationState(sqlite);
    const second = new ConversationState(other);
    const memoryA = first.createProperty<{ said: string[] }>('memory');
    const memoryB = second.createProperty<{ said: string[] }>('memory');
    const adapter = new TestAdapter(async () => undefined);
    const seed = turn(adapter, 'seed');
    await memoryA.set(seed, { said: ['seed'] });
    await first.saveChanges(seed);
    const a = turn(adapter, 'a');
    const b = turn(adapter, 'b');
    await memoryA.set(a, { said: [...(await memoryA.get(a, { said: [] })).said, 'a'] });
    await memoryB.set(b, { said: [...(await memoryB.get(b, { said: [] })).said, 'b'] });
    await first.saveChanges(a);
    await second.saveChanges(b);
    expect(await memoryA.get(turn(adapter, 'check'))).to.deep.equal({ said: ['seed', 'b'] });
  });
});
