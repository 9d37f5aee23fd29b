import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { contactTarget, FileAuditLog, MemoryAuditLog, phoneTarget, type AuditEntry } from '../../src/access/auditLog';
import { tempDir } from '../data/helpers';

const entry = (target: string, decision: AuditEntry['decision']): AuditEntry => ({
  at: '2025-03-14T10:00:00.000Z',
  who: ['29:1ana', 'aad-ana'],
  channel: 'msteams',
  action: 'contact.why_bad',
  target,
  decision,
});

describe('audit log', () => {
  it('appends one JSON line per lookup to a file it creates with its folder, readable by its owner only', async () => {
    const temp = tempDir('audit-');
    try {
      const path = join(temp.dir, 'nested', 'deeper', 'audit.log');
      const log = await FileAuditLog.open(path);
      await Promise.all([log.record(entry('C-1', 'allowed')), log.record(entry('C-6', 'refused')), log.record(entry('C-99', 'not_found'))]);
      await log.close();
      if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).to.equal(0o600);
      const again = await FileAuditLog.open(path);
      await again.record({ ...entry('phone:***0001', 'allowed'), contacts: ['C-1'] });
      await again.close();
      const lines = readFileSync(path, 'utf8').split('\n');
      expect(lines.pop()).to.equal('');
      expect(lines.map((line) => JSON.parse(line) as AuditEntry)).to.deep.equal([
        entry('C-1', 'allowed'),
        entry('C-6', 'refused'),
        entry('C-99', 'not_found'),
        { ...entry('phone:***0001', 'allowed'), contacts: ['C-1'] },
      ]);
    } finally {
      temp.cleanup();
    }
  });

  it('keeps entries in memory for tests', async () => {
    const log = new MemoryAuditLog();
    await log.record(entry('C-1', 'allowed'));
    expect(log.entries).to.deep.equal([entry('C-1', 'allowed')]);
  });

  it('records a phone as its last four digits only, and masks phone-like digit runs in ids that were not found', () => {
    expect(phoneTarget('+1 (555) 010-0142')).to.equal('phone:***0142');
    expect(phoneTarget('+15550100142')).to.equal('phone:***0142');
    expect(contactTarget('C-1042')).to.equal('C-1042');
    expect(contactTarget('C-123456')).to.equal('C-123456');
    expect(contactTarget('C-15550100142')).to.equal('C-***0142');
  });
});
