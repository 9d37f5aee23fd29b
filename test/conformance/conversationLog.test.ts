import { expect } from 'chai';
import { parseWatermark } from '../../src/channels/directLine/conversationLog';
import { describeConversationLog } from './conversationLog.suite';
import { CONVERSATION_LOG_ENGINES } from './engines';

// the engines that need a database server run in stores.postgres.test.ts
for (const engine of CONVERSATION_LOG_ENGINES.filter((e) => !e.server)) describeConversationLog(engine);

describe('Direct Line watermarks as clients send them', () => {
  it('reads "" or none as from the start, digits as a sequence number, and anything else as no watermark', () => {
    expect(parseWatermark(undefined)).to.equal(undefined);
    expect(parseWatermark(null)).to.equal(undefined);
    expect(parseWatermark('')).to.equal(undefined);
    expect(parseWatermark('0')).to.equal(0);
    expect(parseWatermark('0000042')).to.equal(42);
    expect(parseWatermark('999999999999999')).to.equal(999_999_999_999_999);
    for (const bad of ['-1', '1e3', '1.5', ' 1', '0x10', '1'.repeat(16), '12345678901234567890', 'abc', '%31']) expect(parseWatermark(bad), bad).to.equal('invalid');
  });
});
