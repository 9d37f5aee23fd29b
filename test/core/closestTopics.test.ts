import { expect } from 'chai';
import { closestTopics } from '../../src/core/closestTopics';

describe('closest topics ("Did you mean…?" for an out-of-scope message)', () => {
  it('finds the entries whose words look like the message, in either language', () => {
    expect(closestTopics('bussy tonight', [])).to.deep.equal(['busy']);
    expect(closestTopics('answering machines everywhere', [])[0]).to.equal('ivr');
    expect(closestTopics('incorrect nombers', [])[0]).to.equal('incorrect_number');
    expect(closestTopics('llamada fallida', [])[0]).to.equal('failed');
  });

  it('puts the entries the message names first, and gives at most `count`', () => {
    expect(closestTopics('bussy', ['ivr'], 1)).to.deep.equal(['ivr']);
    expect(closestTopics('bussy', ['ivr'])).to.deep.equal(['ivr', 'busy']);
    expect(closestTopics('answering machines everywhere', [], 1)).to.deep.equal(['ivr']);
  });

  it('gives nothing when nothing is close, so the caller shows its general buttons', () => {
    expect(closestTopics('xq zzv', [])).to.deep.equal([]);
    expect(closestTopics('', [])).to.deep.equal([]);
  });
});
