import { expect } from 'chai';
import { DEFAULT_TOKEN_NAME, IngestTokens } from '../../src/access/ingestTokens';
import { readConfig } from '../../src/config';

const DIALER = 'dialer-token-0123456789';
const CRM = 'crm-token-abcdefghijklmn';

describe('access/ingestTokens: INGEST_TOKEN', () => {
  it('names a bare token "ingest", and several tokens by their own names', () => {
    const bare = IngestTokens.parse(DIALER);
    expect(bare.names).to.deep.equal([DEFAULT_TOKEN_NAME]);
    expect(bare.identify(`Bearer ${DIALER}`)).to.equal('ingest');

    const named = IngestTokens.parse(` dialer:${DIALER} , crm:${CRM}`);
    expect(named.names).to.deep.equal(['dialer', 'crm']);
    expect(named.identify(`Bearer ${DIALER}`)).to.equal('dialer');
    expect(named.identify(`bearer   ${CRM}`)).to.equal('crm');
  });

  it('identifies no one for a missing, wrong, partial or differently sent token', () => {
    const tokens = IngestTokens.parse(`dialer:${DIALER}`);
    for (const header of [undefined, '', 'Bearer', 'Bearer ', `Bearer ${DIALER}x`, `Bearer ${DIALER.slice(0, -1)}`, `Basic ${DIALER}`, DIALER, `Bearer ${DIALER} extra`, `Bearer dialer:${DIALER}`]) {
      expect(tokens.identify(header), String(header)).to.equal(undefined);
    }
  });

  it('refuses weak or malformed settings, naming the entry and never the token', () => {
    const problems: [string, RegExp][] = [
      ['short-token', /entry 1: a token must be at least 16 characters long/],
      [`dialer:${DIALER},dialer:${CRM}`, /entry 2 \("dialer"\): the name "dialer" is given twice/],
      [`bad name:${DIALER}`, /entry 1 \("\?"\): a token's name is 1 to 64 letters/],
      [`dialer:${DIALER},`, /entry 2: a token is printable ASCII/],
      [`crm:tøken-with-non-ascii-chars`, /entry 1 \("crm"\): a token is printable ASCII/],
    ];
    for (const [setting, message] of problems) {
      expect(() => IngestTokens.parse(setting), setting).to.throw(message);
      try {
        IngestTokens.parse(setting);
      } catch (err) {
        for (const token of [DIALER, CRM, 'short-token']) expect((err as Error).message).to.not.contain(token);
      }
    }
  });

  it('is read from the environment: off when unset or blank, a start-up error when malformed', () => {
    expect(readConfig({}).ingestTokens).to.equal(undefined);
    expect(readConfig({ INGEST_TOKEN: '  ' }).ingestTokens).to.equal(undefined);
    expect(readConfig({ INGEST_TOKEN: `dialer:${DIALER}` }).ingestTokens?.names).to.deep.equal(['dialer']);
    expect(() => readConfig({ INGEST_TOKEN: 'x' })).to.throw(/INGEST_TOKEN/);
  });
});
