import { expect } from 'chai';
import { KeyedLock } from '../../src/state/conversationLock';

/** A promise the test resolves when it chooses: a task's work lasts until the test lets it end. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Lets every pending promise callback run (no timer involved). */
const settle = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
};

describe('KeyedLock (one turn at a time per conversation and per user)', () => {
  it('runs tasks on one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const gates = { '1': gate(), '2': gate(), '3': gate() };
    const task = (name: '1' | '2' | '3') => async (): Promise<string> => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await gates[name].opened;
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const all = Promise.all([lock.run(['c'], task('1')), lock.run(['c'], task('2')), lock.run(['c'], task('3'))]);
    // the later tasks may end first: without the lock, they would
    gates['3'].open();
    gates['2'].open();
    await settle();
    gates['1'].open();
    const results = await all;
    expect(results).to.deep.equal(['1', '2', '3']);
    expect(most).to.equal(1);
    expect(log).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(lock.size).to.equal(0);
  });

  it('runs tasks on other keys alongside', async () => {
    const lock = new KeyedLock();
    let running = 0;
    let most = 0;
    const work = gate();
    const task = async (): Promise<void> => {
      running++;
      most = Math.max(most, running);
      await work.opened;
      running--;
    };
    const all = Promise.all(['a', 'b', 'c'].map((key) => lock.run([key], task)));
    await settle();
    work.open();
    await all;
    expect(most).to.equal(3);
  });

  it('holds every key a task names, without deadlock when tasks name them in any order', async () => {
    const lock = new KeyedLock();
    const holders = new Map<string, number>();
    let overlaps = 0;
    const task = (keys: string[], pause: number) => async (): Promise<void> => {
      for (const key of keys) {
        if (holders.get(key)) overlaps++;
        holders.set(key, (holders.get(key) ?? 0) + 1);
      }
      await settle(pause);
      for (const key of keys) holders.set(key, (holders.get(key) ?? 1) - 1);
    };
    const keySets = Array.from({ length: 60 }, (_, i) => (i % 2 ? [`conv-${i % 3}`, `user-${i % 4}`] : [`user-${i % 4}`, `conv-${i % 3}`]));
    await Promise.all(keySets.map((keys, i) => lock.run(keys, task(keys, (i * 7) % 5))));
    expect(overlaps).to.equal(0);
    expect(lock.size).to.equal(0);
  });

  it('releases its keys when a task fails', async () => {
    const lock = new KeyedLock();
    const failed = lock.run(['k'], async () => {
      throw new Error('boom');
    });
    const next = lock.run(['k'], async () => 'next');
    expect(await failed.then(() => 'ok', (e: Error) => e.message)).to.equal('boom');
    expect(await next).to.equal('next');
    expect(lock.size).to.equal(0);
  });
});
