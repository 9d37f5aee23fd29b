import { expect } from 'chai';
import { pgSettings, readConfig } from '../../src/config';
import { describeDatabaseUrl, positional } from '../../src/data/pg/pgPool';

describe('the PostgreSQL settings', () => {
  it('are off without DATABASE_URL, and the pool has sensible defaults', () => {
    expect(readConfig({}).databaseUrl).to.equal(undefined);
    expect(readConfig({ DATABASE_URL: '  ' }).databaseUrl).to.equal(undefined);
    expect(readConfig({ DATABASE_URL: ' postgres://bot@db:5432/campaigns ' }).databaseUrl).to.equal('postgres://bot@db:5432/campaigns');
    expect(pgSettings({})).to.deep.equal({ poolMax: 10, connectTimeoutMs: 5000, statementTimeoutMs: 5000 });
  });

  it('read the pool size and time limits, and refuse what is no whole number in range', () => {
    expect(pgSettings({ PG_POOL_MAX: '25', PG_CONNECT_TIMEOUT_MS: '1500', PG_STATEMENT_TIMEOUT_MS: '0' })).to.deep.equal({ poolMax: 25, connectTimeoutMs: 1500, statementTimeoutMs: 0 });
    expect(() => pgSettings({ PG_POOL_MAX: '0' })).to.throw('PG_POOL_MAX must be a whole number of connections from 1 to 1000, not "0"');
    expect(() => pgSettings({ PG_CONNECT_TIMEOUT_MS: '2.5' })).to.throw('PG_CONNECT_TIMEOUT_MS');
    expect(() => pgSettings({ PG_STATEMENT_TIMEOUT_MS: 'soon' })).to.throw('PG_STATEMENT_TIMEOUT_MS');
    expect(() => readConfig({ PG_POOL_MAX: '-1' })).to.throw('PG_POOL_MAX');
  });

  it('name a database in messages without its password', () => {
    expect(describeDatabaseUrl('postgres://bot:s3cret@db.example:5432/campaigns?sslmode=require')).to.equal('postgres://bot@db.example:5432/campaigns');
    expect(describeDatabaseUrl('host=db dbname=campaigns password=s3cret')).to.equal('the DATABASE_URL database');
  });

  it('turn the shared queries\' ? placeholders into $n, leaving literals, quoted names and comments alone', () => {
    expect(positional("SELECT a FROM t WHERE b = ? AND c IN (?, ?) AND d = '?' AND \"e?\" = ? -- why?\nLIMIT ?")).to.equal(
      "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) AND d = '?' AND \"e?\" = $4 -- why?\nLIMIT $5",
    );
  });
});
