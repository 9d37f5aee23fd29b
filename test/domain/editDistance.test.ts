import { expect } from 'chai';
import fc from 'fast-check';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance';
import { editDistance, osaDistanceUpTo } from '../../src/domain/editDistance';

describe('the edit distance (one for typos in words and in contact ids)', () => {
  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('C1042', 'C1024')).to.equal(1);
    expect(editDistance('C1042', 'C1043')).to.equal(1);
    expect(editDistance('C1042', 'C10420')).to.equal(1);
    expect(editDistance('C1042', 'X9999')).to.equal(5);
  });

  it('counts from and to the empty string', () => {
    expect(editDistance('', '')).to.equal(0);
    expect(editDistance('', 'busy')).to.equal(4);
    expect(editDistance('busy', '')).to.equal(4);
  });

  it('edits no substring twice (optimal string alignment): "ca" to "abc" is 3, not 2', () => {
    expect(editDistance('ca', 'abc')).to.equal(3);
  });

  it('stops at max + 1 once the distance is sure to exceed max', () => {
    expect(osaDistanceUpTo('busy', 'bussy', 1)).to.equal(1);
    expect(osaDistanceUpTo('busy', 'completed', 2)).to.equal(3);
    expect(osaDistanceUpTo('no answer', 'no anwser', 2)).to.equal(1);
  });

  it("is natural's restricted Damerau-Levenshtein distance, whole or capped", () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ñ', '1'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        const expected = DamerauLevenshteinDistance(a, b, { restricted: true });
        expect(editDistance(a, b), `${a} ~ ${b}`).to.equal(expected);
        expect(osaDistanceUpTo(a, b, max), `${a} ~ ${b} up to ${max}`).to.equal(Math.min(expected, max + 1));
      }),
      { numRuns: 500 },
    );
  });
});
