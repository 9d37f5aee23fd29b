import { expect } from 'chai';
import { chromiumMissing, chromiumPath, requireChromium } from '../helpers/chromiumSetting';

describe("the browser tests' Chromium", () => {
  const nowhere = '/nonexistent/chromium';

  it("is Debian's /usr/bin/chromium unless CHROMIUM_PATH names another", () => {
    expect(chromiumPath({})).to.equal('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: ' ' })).to.equal('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chromium/chrome' })).to.equal('/opt/chromium/chrome');
    expect(chromiumMissing({ CHROMIUM_PATH: nowhere })).to.contain(nowhere);
  });

  it('when missing, skips the suite on a developer machine and fails it under CI=true', () => {
    let skipped = 0;
    const suite = { skip: () => skipped++ } as unknown as Mocha.Context;
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      requireChromium(suite, { CHROMIUM_PATH: nowhere });
    } finally {
      console.warn = warn;
    }
    expect(skipped).to.equal(1);
    expect(() => requireChromium(suite, { CHROMIUM_PATH: nowhere, CI: 'true' })).to.throw(/no Chromium at \/nonexistent\/chromium.*CI=true/);
    expect(skipped).to.equal(1);
  });
});
