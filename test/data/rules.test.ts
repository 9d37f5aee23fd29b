import { expect } from 'chai';
import type { AttemptResult } from '../../src/domain/statusKeys';
import {
  attemptsRemainingFor,
  callsMade,
  chronological,
  compareCodePoints,
  contactIdKey,
  contactIdKeyCandidates,
  currentStatus,
  deriveContactFacts,
  dominantUnreachableResult,
  isClosed,
  latestAttempt,
  parseIsoDateTime,
  phoneMatchKey,
  phoneQueryKeys,
  phonesMatch,
  stopReasonFor,
  unreachableAttempts,
  type AttemptFacts,
  type CampaignRules,
} from '../../src/data/rules';

let seq = 0;
/** Attempts one hour apart from a fixed start, in the order given. */
function attempts(...results: AttemptResult[]): AttemptFacts[] {
  return results.map((result, i) => ({ id: `A-${++seq}`, startedAt: new Date(Date.UTC(2025, 2, 3, 9 + i)).toISOString(), result }));
}

const inProgress: CampaignRules = { status: 'in_progress', maxAttempts: 3, badAfter: 2 };
const finished: CampaignRules = { status: 'finished', maxAttempts: 3, badAfter: 2 };

describe('data/rules: derived facts', () => {
  describe('calls made', () => {
    it('counts every attempt except canceled ones', () => {
      expect(callsMade(attempts('busy', 'canceled', 'completed', 'ivr', 'canceled'))).to.equal(3);
    });
    it('is 0 with no attempts or only canceled ones', () => {
      expect(callsMade([])).to.equal(0);
      expect(callsMade(attempts('canceled', 'canceled'))).to.equal(0);
    });
  });

  describe('closed', () => {
    it('is closed by completed', () => expect(isClosed(attempts('busy', 'completed'))).to.equal(true));
    it('is closed by incorrect_number', () => expect(isClosed(attempts('incorrect_number'))).to.equal(true));
    it('is not closed by anything else', () => {
      expect(isClosed(attempts('failed', 'busy', 'no_response', 'ivr', 'canceled'))).to.equal(false);
      expect(isClosed([])).to.equal(false);
    });
    it('stays closed even when a later attempt is unreachable', () => {
      expect(isClosed(attempts('completed', 'busy'))).to.equal(true);
    });
  });

  describe('attempts remaining', () => {
    it('is max_attempts minus calls made', () => {
      expect(deriveContactFacts(attempts('busy'), inProgress).attemptsRemaining).to.equal(2);
      expect(deriveContactFacts([], inProgress).attemptsRemaining).to.equal(3);
    });
    it('does not count canceled attempts', () => {
      expect(deriveContactFacts(attempts('busy', 'canceled', 'canceled'), inProgress).attemptsRemaining).to.equal(2);
    });
    it('is 0 when closed', () => {
      expect(deriveContactFacts(attempts('completed'), inProgress).attemptsRemaining).to.equal(0);
      expect(deriveContactFacts(attempts('incorrect_number'), inProgress).attemptsRemaining).to.equal(0);
    });
    it('is 0 when the campaign is finished, whatever the calls', () => {
      expect(deriveContactFacts([], finished).attemptsRemaining).to.equal(0);
      expect(deriveContactFacts(attempts('busy'), finished).attemptsRemaining).to.equal(0);
    });
    it('never goes below 0 (more calls than max_attempts)', () => {
      expect(attemptsRemainingFor({ callsMade: 5, closed: false }, inProgress)).to.equal(0);
    });
    it('is not affected by paused/draft/planned statuses', () => {
      for (const status of ['paused', 'draft', 'planned'] as const) {
        expect(attemptsRemainingFor({ callsMade: 1, closed: false }, { status, maxAttempts: 3 })).to.equal(2);
      }
    });
  });

  describe('flagged bad', () => {
    it('needs bad_after unreachable attempts (failed, busy, no_response)', () => {
      expect(deriveContactFacts(attempts('busy'), inProgress).flaggedBad).to.equal(false);
      expect(deriveContactFacts(attempts('busy', 'no_response'), inProgress).flaggedBad).to.equal(true);
      expect(deriveContactFacts(attempts('failed', 'failed'), inProgress).flaggedBad).to.equal(true);
    });
    it('does not count ivr or canceled as unreachable', () => {
      expect(unreachableAttempts(attempts('ivr', 'canceled', 'busy'))).to.equal(1);
      expect(deriveContactFacts(attempts('ivr', 'canceled', 'busy', 'ivr'), inProgress).flaggedBad).to.equal(false);
    });
    it('respects the campaign bad_after', () => {
      const list = attempts('busy', 'no_response');
      expect(deriveContactFacts(list, { ...inProgress, badAfter: 3 }).flaggedBad).to.equal(false);
      expect(deriveContactFacts(attempts('busy', 'no_response', 'failed'), { ...inProgress, badAfter: 3 }).flaggedBad).to.equal(true);
      expect(deriveContactFacts(attempts('busy'), { ...inProgress, badAfter: 1 }).flaggedBad).to.equal(true);
    });
    it('is cleared by a later completed attempt (closed)', () => {
      const facts = deriveContactFacts(attempts('busy', 'no_response', 'completed'), inProgress);
      expect(facts.flaggedBad).to.equal(false);
      expect(facts.unreachableAttempts).to.equal(2);
    });
    it('is cleared by incorrect_number too (closed)', () => {
      expect(deriveContactFacts(attempts('busy', 'busy', 'incorrect_number'), inProgress).flaggedBad).to.equal(false);
    });
    it('still holds with no attempts remaining or a finished campaign', () => {
      expect(deriveContactFacts(attempts('busy', 'busy', 'failed'), inProgress)).to.include({ flaggedBad: true, attemptsRemaining: 0 });
      expect(deriveContactFacts(attempts('busy', 'busy'), finished)).to.include({ flaggedBad: true, attemptsRemaining: 0 });
    });
  });

  describe('current status', () => {
    it('is new with no attempts', () => expect(currentStatus([])).to.equal('new'));
    it('is new when no call was made (only canceled attempts)', () => expect(currentStatus(attempts('canceled'))).to.equal('new'));
    it('is the result of the latest attempt by started_at, not by list order', () => {
      const list: AttemptFacts[] = [
        { id: 'A-2', startedAt: '2025-03-04T10:00:00-05:00', result: 'busy' },
        { id: 'A-1', startedAt: '2025-03-05T09:00:00-05:00', result: 'ivr' },
        { id: 'A-3', startedAt: '2025-03-03T10:00:00-05:00', result: 'completed' },
      ];
      expect(currentStatus(list)).to.equal('ivr');
    });
    it('compares instants, not texts (offsets differ)', () => {
      const list: AttemptFacts[] = [
        { id: 'A-1', startedAt: '2025-03-04T14:30:00Z', result: 'busy' }, // 14:30 UTC
        { id: 'A-2', startedAt: '2025-03-04T10:00:00-05:00', result: 'no_response' }, // 15:00 UTC: later
      ];
      expect(currentStatus(list)).to.equal('no_response');
      expect(latestAttempt(list)!.id).to.equal('A-2');
    });
    it('breaks equal instants by attempt id', () => {
      const list: AttemptFacts[] = [
        { id: 'A-9', startedAt: '2025-03-04T15:00:00Z', result: 'busy' },
        { id: 'A-10', startedAt: '2025-03-04T10:00:00-05:00', result: 'failed' },
      ];
      // "A-9" > "A-10" in code point order
      expect(currentStatus(list)).to.equal('busy');
      expect(chronological(list).map((a) => a.id)).to.deep.equal(['A-10', 'A-9']);
    });
    it('can be canceled when the latest attempt was canceled after a call', () => {
      expect(currentStatus(attempts('busy', 'canceled'))).to.equal('canceled');
    });
  });

  describe('stop reason', () => {
    it('is null while the contact will be called again', () => {
      expect(stopReasonFor({ callsMade: 1, closed: false }, inProgress)).to.equal(null);
    });
    it('is closed first, then campaign_finished, then limit_reached', () => {
      expect(stopReasonFor({ callsMade: 3, closed: true }, finished)).to.equal('closed');
      expect(stopReasonFor({ callsMade: 3, closed: false }, finished)).to.equal('campaign_finished');
      expect(stopReasonFor({ callsMade: 3, closed: false }, inProgress)).to.equal('limit_reached');
      expect(stopReasonFor({ callsMade: 4, closed: false }, inProgress)).to.equal('limit_reached');
    });
    it('is null exactly when attempts remain', () => {
      for (const campaign of [inProgress, finished, { ...inProgress, status: 'paused' as const }]) {
        for (const callsMadeN of [0, 1, 2, 3, 4]) {
          for (const closed of [false, true]) {
            const counts = { callsMade: callsMadeN, closed };
            expect(stopReasonFor(counts, campaign) === null).to.equal(attemptsRemainingFor(counts, campaign) > 0);
          }
        }
      }
    });
  });

  describe('dominant unreachable result', () => {
    it('is null without unreachable attempts', () => {
      expect(dominantUnreachableResult(attempts('completed', 'ivr', 'canceled'))).to.equal(null);
      expect(dominantUnreachableResult([])).to.equal(null);
    });
    it('is the most frequent of failed/busy/no_response', () => {
      expect(dominantUnreachableResult(attempts('busy', 'no_response', 'no_response', 'failed'))).to.equal('no_response');
    });
    it('breaks ties by the latest', () => {
      expect(dominantUnreachableResult(attempts('busy', 'no_response'))).to.equal('no_response');
      expect(dominantUnreachableResult(attempts('no_response', 'busy', 'ivr'))).to.equal('busy');
    });
  });
});

describe('data/rules: keys and parsing', () => {
  it('contact id key: uppercase letters and digits', () => {
    for (const text of ['C-1042', 'c1042', 'C 1042', ' c_10-42 ']) expect(contactIdKey(text)).to.equal('C1042');
    expect(contactIdKey('ñ-7')).to.equal('Ñ7');
    expect(contactIdKeyCandidates('1042')).to.deep.equal(['1042', 'C1042']);
    expect(contactIdKeyCandidates('c-1042')).to.deep.equal(['C1042']);
    expect(contactIdKeyCandidates('--')).to.deep.equal([]);
  });

  it('phone match: digits, leading zeros, suffix of >= 7 digits', () => {
    expect(phoneMatchKey('+1 (555) 010-0142')).to.equal('15550100142');
    expect(phoneMatchKey('00 44 20 7946 0001')).to.equal('442079460001');
    for (const typed of ['+1 555 0100', '(555) 0100', '15550100', '+1-555-0100']) expect(phonesMatch(typed, '+1-555-0100'), typed).to.equal(true);
    expect(phonesMatch('020 7946 0006', '+44 20 7946 0006')).to.equal(true);
    expect(phonesMatch('555 010', '+1 555 010')).to.equal(false); // 6 digits: too short for a suffix match
    expect(phonesMatch('0100142', '+1 (555) 010-0142')).to.equal(true); // 7 digits as typed
    expect(phonesMatch('+44 20 7946 0006', '020 7946 0006')).to.equal(true); // stored national form
    expect(phonesMatch('00 44 20 7946 0006', '+44 20 7946 0006')).to.equal(true);
    expect(phonesMatch('5550101', '+1 555 0100')).to.equal(false);
    expect(phonesMatch('', '')).to.equal(false);
    expect(phoneQueryKeys('00 44 20')).to.deep.equal(['004420', '4420']);
  });

  it('parses ISO 8601 dates and date-times', () => {
    expect(parseIsoDateTime('2025-03-04T10:00:00-05:00')).to.deep.equal({ ms: Date.UTC(2025, 2, 4, 15), hasTime: true, hasOffset: true });
    expect(parseIsoDateTime('2025-03-04 10:00:00.250Z')!.ms).to.equal(Date.UTC(2025, 2, 4, 10, 0, 0, 250));
    expect(parseIsoDateTime('2025-03-04T10:00+0530')!.ms).to.equal(Date.UTC(2025, 2, 4, 4, 30));
    expect(parseIsoDateTime('2025-03-04T10:00:00+01')!.ms).to.equal(Date.UTC(2025, 2, 4, 9));
    expect(parseIsoDateTime('2024-02-29')).to.deep.equal({ ms: Date.UTC(2024, 1, 29), hasTime: false, hasOffset: false });
    expect(parseIsoDateTime('2025-03-04T10:00:00')).to.include({ hasTime: true, hasOffset: false });
    for (const bad of ['2025-02-29', '2025-13-01', '2025-03-04T24:00Z', '2025-03-04T10:60Z', '04/03/2025', '2025-03-04T10:00:00+25:00', '2025-03-04T10:00:00.Z', 'yesterday', '']) {
      expect(parseIsoDateTime(bad), bad).to.equal(null);
    }
  });

  it('code point order matches UTF-8 byte order', () => {
    expect(compareCodePoints('A-10', 'A-9')).to.equal(-1);
    expect(compareCodePoints('a', 'a')).to.equal(0);
    expect(compareCodePoints('\uffff', '\u{1f600}')).to.equal(-1); // UTF-16 order would say the opposite
  });
});
