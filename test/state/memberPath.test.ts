import { expect } from 'chai';
import { memberPath } from '../../src/state/pg/pgStateStore';

describe("the PostgreSQL state store's JSON paths (userValues)", () => {
  it('reads member names, plain or double-quoted, as SQLite takes them', () => {
    expect(memberPath('$')).to.deep.equal([]);
    expect(memberPath('$.profile.course')).to.deep.equal(['profile', 'course']);
    expect(memberPath('$."a.b".c')).to.deep.equal(['a.b', 'c']);
    expect(memberPath('$."say \\"hi\\""')).to.deep.equal(['say "hi"']);
  });

  it('refuses anything else (array steps, wildcards, no root)', () => {
    for (const bad of ['profile.course', '$.a[0]', '$.*', '$..a', '$.', '$a', '$.a b']) expect(() => memberPath(bad), bad).to.throw(RangeError);
  });
});
