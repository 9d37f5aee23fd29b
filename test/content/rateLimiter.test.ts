import { expect } from 'chai';
import { RateLimiter } from '../../src/core/rateLimiter';

describe('rate limiter', () => {
  it('allows up to the limit in a window, refuses once politely, then quietly, and recovers when the window slides', () => {
    const limiter = new RateLimiter({ max: 3, windowMs: 10_000 });
    const keys = ['user:a', 'conversation:1'];
    expect([0, 1, 2].map((i) => limiter.check(keys, 1000 + i))).to.deep.equal(['allow', 'allow', 'allow']);
    expect(limiter.check(keys, 1003)).to.equal('refuse');
    expect(limiter.check(keys, 1004)).to.equal('refuse-quietly');
    expect(limiter.check(keys, 11_001)).to.equal('allow');
  });

  it('limits a conversation shared by several users, and a user across conversations', () => {
    const limiter = new RateLimiter({ max: 2, windowMs: 1000 });
    expect(limiter.check(['user:a', 'conversation:1'], 0)).to.equal('allow');
    expect(limiter.check(['user:b', 'conversation:1'], 1)).to.equal('allow');
    expect(limiter.check(['user:c', 'conversation:1'], 2)).to.equal('refuse');
    expect(limiter.check(['user:a', 'conversation:2'], 3)).to.equal('allow');
    expect(limiter.check(['user:a', 'conversation:3'], 4)).to.equal('refuse');
  });

  it('keeps at most the configured number of keys', () => {
    const limiter = new RateLimiter({ max: 1, windowMs: 1000 }, 10);
    for (let i = 0; i < 100; i++) limiter.check([`user:${i}`], i);
    expect(limiter.check(['user:0'], 101)).to.equal('allow');
  });

  it('forgets the keys that have nothing left in the window, so a crowd of one-off users does not stay in memory', () => {
    const limiter = new RateLimiter({ max: 2, windowMs: 1000 });
    for (let i = 0; i < 500; i++) limiter.check([`user:${i}`, `conversation:${i}`], i);
    expect(limiter.size).to.equal(1000);
    expect(limiter.check(['user:late', 'conversation:late'], 2600)).to.equal('allow');
    expect(limiter.size).to.equal(2);
    expect(limiter.check(['user:late', 'conversation:late'], 2601)).to.equal('allow');
    expect(limiter.check(['user:late', 'conversation:late'], 2602)).to.equal('refuse');
  });
});
