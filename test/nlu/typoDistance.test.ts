import { expect } from 'chai';
import { allowedEdits, MAX_TYPO_EDITS, typoDistance, typoKeepsFirstLetter } from '../../src/nlu/fuzzy';

describe('typo distance (a typed word against a known one)', () => {
  it('allows no edit under four letters, one up to eight, two from nine', () => {
    expect([1, 3, 4, 8, 9, 30].map(allowedEdits)).to.deep.equal([0, 0, 1, 1, 2, 2]);
    expect(Math.max(...Array.from({ length: 40 }, (_, n) => allowedEdits(n)))).to.equal(MAX_TYPO_EDITS);
  });

  const cases: [string, string, number | undefined, string][] = [
    ['bussy', 'busy', 1, 'an extra letter'],
    ['aswering', 'answering', 1, 'a missing letter'],
    ['anwsering', 'answering', 1, 'two neighbours swapped'],
    ['cancelada', 'xancelada', 1, 'a long word may change its first letter'],
    ['ocupdao', 'ocupado', 1, 'Spanish, swapped'],
    ['contstada', 'contestada', 1, 'Spanish, a missing letter'],
    ['machine', 'machine', 0, 'the same word'],
    ['bust', 'must', undefined, 'a short word keeps its first letter'],
    ['ivr', 'ibr', undefined, 'under four letters: no typo'],
    ['contesta', 'contestada', undefined, 'the shorter word sets the allowance'],
    ['busy', 'completed', undefined, 'far apart'],
  ];
  for (const [typed, known, distance, why] of cases) {
    it(`"${typed}" ~ "${known}": ${distance ?? 'no typo'} (${why})`, () => {
      expect(typoDistance(typed, known)).to.equal(distance);
    });
  }

  it('keeps the first letter while a word allows fewer than two edits', () => {
    expect(typoKeepsFirstLetter(4, 8)).to.equal(true);
    expect(typoKeepsFirstLetter(9, 10)).to.equal(false);
  });
});
