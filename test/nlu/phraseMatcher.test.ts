import { expect } from 'chai';
import { normalize } from '../../src/nlu/normalize';
import { PhraseMatcher } from '../../src/nlu/phraseMatcher';

const tokens = (text: string): string[] => normalize(text).split(' ');

function matcher(options: ConstructorParameters<typeof PhraseMatcher<string>>[0]): PhraseMatcher<string> {
  const m = new PhraseMatcher<string>(options);
  for (const [phrase, value] of [
    ['answering machine', 'ivr'],
    ['busy', 'busy'],
    ['no answer', 'no_response'],
    ['no atiende', 'no_response'],
    ['answer', 'completed'],
    ['planned', 'campaign:planned'],
    ['planned', 'call:new'],
    ['failed', 'failed'],
    ['sin respuesta', 'no_response'],
  ]) m.add(phrase, value);
  return m;
}

describe('the phrase matcher (status terms and campaign names in a message)', () => {
  it('finds known phrases exactly, the longest first, left to right, without overlaps', () => {
    expect(matcher({}).match(tokens('No answer, then BUSY'))).to.deep.equal([
      { start: 0, end: 2, values: ['no_response'], fuzzy: false },
      { start: 3, end: 4, values: ['busy'], fuzzy: false },
    ]);
  });

  it('gives every value of a phrase that names several, for the caller to ask which', () => {
    expect(matcher({}).match(tokens('what does planned mean'))).to.deep.equal([{ start: 2, end: 3, values: ['campaign:planned', 'call:new'], fuzzy: false }]);
  });

  it('matches word forms through the stemmers only when asked to', () => {
    expect(matcher({ stems: true }).match(tokens('why did it fail'))).to.deep.equal([{ start: 3, end: 4, values: ['failed'], fuzzy: false, byStem: true }]);
    expect(matcher({}).match(tokens('why did it fail'))).to.deep.equal([]);
  });

  it('matches typos only when asked to, and says the match is fuzzy', () => {
    const typos = matcher({ typos: true });
    expect(typos.match(tokens('what is an aswering machine'))).to.deep.equal([{ start: 3, end: 5, values: ['ivr'], fuzzy: true }]);
    expect(typos.match(tokens('bussy line'))).to.deep.equal([{ start: 0, end: 1, values: ['busy'], fuzzy: true }]);
    expect(typos.match(tokens('sin respeusta'))).to.deep.equal([{ start: 0, end: 2, values: ['no_response'], fuzzy: true }]);
    expect(matcher({}).match(tokens('bussy line'))).to.deep.equal([]);
  });

  it('takes no typo that changes the first letter of a short word, or a word of under four letters', () => {
    const typos = matcher({ typos: true });
    expect(typos.match(tokens('you must'))).to.deep.equal([]);
    expect(typos.match(tokens('si atiende'))).to.deep.equal([]);
  });

  it('leaves alone the words it is told never start a typo', () => {
    const m = new PhraseMatcher<string>({ typos: true, noTypos: new Set(['bust']) });
    m.add('busy', 'busy');
    expect(m.match(tokens('bust'))).to.deep.equal([]);
    expect(m.match(tokens('bussy'))).to.deep.equal([{ start: 0, end: 1, values: ['busy'], fuzzy: true }]);
  });

  it('finds nothing in nothing, and ignores phrases that normalize to nothing', () => {
    const m = matcher({ typos: true, stems: true });
    m.add('¿?', 'nothing');
    expect(m.match([])).to.deep.equal([]);
    expect(m.match(tokens('hello there'))).to.deep.equal([]);
  });
});
