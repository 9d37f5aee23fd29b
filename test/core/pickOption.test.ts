import { expect } from 'chai';
import { pickOption, type Choice } from '../../src/core/pickOption';
import type { StatusKey } from '../../src/domain/statusKeys';

describe('option picking (a reply to a question with buttons)', () => {
  describe('a clarification: by label, ordinal, a status only one option has, or a word only one label has', () => {
    const options: Choice<string>[] = [
      { value: 'campaign', names: ['Planned (campaign status)'], status: 'planned' },
      { value: 'call', names: ['New (call state)'], status: 'new' },
    ];
    const pick = (text: string, statuses: StatusKey[] = []) => pickOption(text, options, { positions: 'ordinals', statuses, byWords: true });

    const cases: [string, StatusKey[], string | undefined][] = [
      ['Planned (campaign status)', [], 'campaign'],
      ['new (CALL STATE)!', [], 'call'],
      ['2', [], 'call'],
      ['the first one', [], 'campaign'],
      ['la segunda', [], 'call'],
      ['tercera', [], undefined],
      ['I mean the new call', ['new'], 'call'],
      ['the campaign one', [], 'campaign'],
      ['state', [], 'call'],
      ['both of them', ['planned', 'new'], undefined],
      ['what does busy mean?', ['busy'], undefined],
    ];
    for (const [text, statuses, picked] of cases) {
      it(`"${text}"${statuses.length ? ` naming ${statuses.join(', ')}` : ''} -> ${picked ?? 'none'}`, () => {
        expect(pick(text, statuses)).to.equal(picked);
      });
    }
  });

  describe('a course question: by an option text in either language, or its letter', () => {
    const options: Choice<'a' | 'b' | 'c'>[] = [
      { value: 'a', names: ['A person answered', 'Contestó una persona'] },
      { value: 'b', names: ['IVR contact', 'Contacto IVR'] },
      { value: 'c', names: ['No answer', 'Sin respuesta'] },
    ];
    const pick = (text: string) => pickOption(text, options, { positions: 'letters' });

    const cases: [string, 'a' | 'b' | 'c' | undefined][] = [
      ['b', 'b'],
      ['B)', 'b'],
      ['B) IVR contact', 'b'],
      ['c sin respuesta', 'c'],
      ['contacto ivr', 'b'],
      ['A person answered.', 'a'],
      ['b no answer', undefined],
      ['d', undefined],
      ['2', undefined],
      ['second', undefined],
      ['ivr', undefined],
    ];
    for (const [text, picked] of cases) {
      it(`"${text}" -> ${picked ?? 'none'}`, () => {
        expect(pick(text)).to.equal(picked);
      });
    }
  });
});
