import { expect } from 'chai';
import fc from 'fast-check';
import { CsvParser, CsvSyntaxError, type CsvRecords } from '../../src/data/import/csvParser';

/** Parses `text` fed in the given chunks (cut at those offsets). */
function parse(text: string, cuts: readonly number[] = []): { fields: string[][]; lines: number[] } {
  const parser = new CsvParser();
  const all: CsvRecords = { fields: [], lines: [] };
  const add = (r: CsvRecords): void => {
    all.fields.push(...r.fields);
    all.lines.push(...r.lines);
  };
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    add(parser.push(text.slice(from, cut)));
    from = cut;
  }
  add(parser.push(text.slice(from)));
  add(parser.end());
  return all;
}

function syntaxError(text: string): CsvSyntaxError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('no syntax error');
}

/** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
const written = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

describe('data/import/csvParser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and the physical line each record starts on', () => {
    const text = 'id,name\r\n1,"Able, Ann ""Annie""\nSecond"\r\n2,"Baker,\r\nBob"\n3,Carl\n';
    expect(parse(text)).to.deep.equal({
      fields: [
        ['id', 'name'],
        ['1', 'Able, Ann "Annie"\nSecond'],
        ['2', 'Baker,\r\nBob'],
        ['3', 'Carl'],
      ],
      lines: [1, 2, 4, 6],
    });
  });

  it('drops a BOM, keeps a lone CR as data, reads a last record without a line break and empty fields', () => {
    expect(parse('\uFEFFa,b\n\n,\nx\ry,"z"')).to.deep.equal({
      fields: [['a', 'b'], [''], ['', ''], ['x\ry', 'z']],
      lines: [1, 2, 3, 4],
    });
    expect(parse('')).to.deep.equal({ fields: [], lines: [] });
    expect(parse('a,b,\n')).to.deep.equal({ fields: [['a', 'b', '']], lines: [1] });
  });

  it('names the line of a quote never closed, text after a closing quote, and a quote inside an unquoted field', () => {
    const unclosed = syntaxError('a,b\n1,2\n3,"open\n4,5\n');
    expect(unclosed.message).to.match(/^Quote Not Closed/);
    expect(unclosed.line).to.equal(3);
    const closing = syntaxError('a,b\n1,"x"y\n');
    expect(closing.message).to.match(/^Invalid Closing Quote: got "y"/);
    expect(closing.line).to.equal(2);
    const opening = syntaxError('a,b\n1,2\n3,ab"c"\n');
    expect(opening.message).to.match(/^Invalid Opening Quote/);
    expect(opening.line).to.equal(3);
    expect(syntaxError('a\n"x"\r').message).to.match(/^Invalid Closing Quote/);
  });

  it('gives the same records and lines however the text is cut into chunks', () => {
    const field = fc.stringMatching(/^[a-z ,"\r\nñ😀]{0,6}$/);
    const record = fc.array(field, { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (records, end, trailing, rawCuts) => {
          // a record of one empty field is written as an empty line, which reads back as one empty field
          const text = records.map((r) => r.map(written).join(',')).join(end) + (trailing ? end : '');
          const cuts = rawCuts.map((c) => c % (text.length + 1));
          let line = 1;
          const lines = records.map((r) => {
            const at = line;
            line += 1 + r.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
            return at;
          });
          // a last record of one empty field without a line break after it is no record at all
          const expected = !trailing && records[records.length - 1]!.join('') === '' && records[records.length - 1]!.length === 1 ? records.length - 1 : records.length;
          expect(parse(text, cuts)).to.deep.equal({ fields: records.slice(0, expected), lines: lines.slice(0, expected) });
        },
      ),
      { numRuns: 500 },
    );
  });
});
