import { expect } from 'chai';
import { accessOf, canSeeCampaignData, decide, listsEmails, seesAllCampaigns, unmatchedCampaignEntries, type CampaignKey } from '../../src/access/accessControl';
import { describeAccess } from '../../src/access/accessSettings';
import { CLOSED_POLICY, OPEN_POLICY, parseAccessFile, type AccessPolicy } from '../../src/access/roles';
import { makeViewer, type Viewer } from '../../src/access/viewer';

const SPRING: CampaignKey = { id: 'CMP-SPRING', name: 'Spring Renewals' };
const MARZO: CampaignKey = { id: 'CMP-MARZO', name: 'Cobranza Marzo' };
const SURVEY: CampaignKey = { id: 'CMP-SURVEY', name: 'Encuesta de Satisfacción' };

const FILE = parseAccessFile(
  `
users:
  - ids: ["29:1ana", "AAD-ANA", ana@contoso.com]
    role: agent
    campaigns: [CMP-SPRING]
  - ids: [dl_luis]
    role: agent
    campaigns: ["cobranza marzo", "encuesta de satisfaccion"]
  - ids: [sofia@contoso.com]
    role: supervisor
    campaigns: [CMP-MARZO]
  - ids: [boss@contoso.com]
    role: supervisor
  - ids: [newhire@contoso.com]
    role: guest
  - ids: [ana.backup@contoso.com]
    role: agent
    campaigns: [CMP-MARZO]
`,
  'roles.yaml',
);

const viewer = (...ids: string[]): Viewer => makeViewer(ids, 'test');

describe('access decisions', () => {
  const table: { who: string; policy: AccessPolicy; viewer: Viewer; spring: string; marzo: string; survey: string; data: boolean; all: boolean }[] = [
    { who: 'open mode: anyone', policy: OPEN_POLICY, viewer: viewer('whoever'), spring: 'allow', marzo: 'allow', survey: 'allow', data: true, all: true },
    { who: 'closed mode: anyone', policy: CLOSED_POLICY, viewer: viewer('boss@contoso.com'), spring: 'refuse', marzo: 'refuse', survey: 'refuse', data: false, all: false },
    { who: 'supervisor of everything', policy: FILE, viewer: viewer('boss@contoso.com'), spring: 'allow', marzo: 'allow', survey: 'allow', data: true, all: true },
    { who: 'supervisor of one campaign', policy: FILE, viewer: viewer('sofia@contoso.com'), spring: 'refuse', marzo: 'allow', survey: 'refuse', data: true, all: false },
    { who: 'agent listed by campaign id', policy: FILE, viewer: viewer('29:1ana'), spring: 'allow', marzo: 'refuse', survey: 'refuse', data: true, all: false },
    { who: 'agent listed by campaign names, accents aside', policy: FILE, viewer: viewer('dl_luis'), spring: 'refuse', marzo: 'allow', survey: 'allow', data: true, all: false },
    { who: 'agent matched on the Entra id, in another case', policy: FILE, viewer: viewer('29:other', 'aad-ana'), spring: 'allow', marzo: 'refuse', survey: 'refuse', data: true, all: false },
    { who: 'agent matched on the email, in another case', policy: FILE, viewer: viewer('29:x', 'ANA@CONTOSO.COM'), spring: 'allow', marzo: 'refuse', survey: 'refuse', data: true, all: false },
    { who: 'someone in two entries: both grants', policy: FILE, viewer: viewer('29:1ana', 'ana.backup@contoso.com'), spring: 'allow', marzo: 'allow', survey: 'refuse', data: true, all: false },
    { who: 'guest', policy: FILE, viewer: viewer('newhire@contoso.com'), spring: 'refuse', marzo: 'refuse', survey: 'refuse', data: false, all: false },
    { who: 'unknown user: the default (guest)', policy: FILE, viewer: viewer('stranger@contoso.com'), spring: 'refuse', marzo: 'refuse', survey: 'refuse', data: false, all: false },
    { who: 'no ids at all', policy: FILE, viewer: viewer(), spring: 'refuse', marzo: 'refuse', survey: 'refuse', data: false, all: false },
  ];
  for (const row of table) {
    it(row.who, () => {
      expect([decide(row.policy, row.viewer, SPRING), decide(row.policy, row.viewer, MARZO), decide(row.policy, row.viewer, SURVEY)]).to.deep.equal([row.spring, row.marzo, row.survey]);
      expect(canSeeCampaignData(row.policy, row.viewer), 'may see campaign data').to.equal(row.data);
      expect(seesAllCampaigns(row.policy, row.viewer), 'sees all campaigns').to.equal(row.all);
    });
  }

  it("gives unknown users the file's default, whatever it is", () => {
    const agentDefault = parseAccessFile('users: []\ndefault: { role: agent, campaigns: [CMP-SPRING] }', 'r.yaml');
    expect(decide(agentDefault, viewer('stranger'), SPRING)).to.equal('allow');
    expect(decide(agentDefault, viewer('stranger'), MARZO)).to.equal('refuse');
    expect(accessOf(parseAccessFile('users: []\ndefault: supervisor', 'r.yaml'), viewer('x'))).to.deep.equal({ role: 'supervisor', campaigns: '*' });
  });

  it('matches a campaign id only by id or name, not by a part of it', () => {
    const policy = parseAccessFile('users:\n  - ids: [a]\n    role: agent\n    campaigns: [CMP]', 'r.yaml');
    expect(decide(policy, viewer('a'), SPRING)).to.equal('refuse');
    expect(decide(policy, viewer('a'), { id: 'cmp' })).to.equal('allow');
  });

  it('lists the campaign entries that match nothing in the data, and says which mode is on', () => {
    expect(unmatchedCampaignEntries(FILE, [SPRING, MARZO])).to.deep.equal(['encuesta de satisfaccion']);
    expect(unmatchedCampaignEntries(OPEN_POLICY, [])).to.deep.equal([]);
    expect(describeAccess(OPEN_POLICY, { authEnabled: false }, [])[0]).to.contain('Access: open');
    expect(describeAccess(CLOSED_POLICY, { authEnabled: true, auditLog: '/x/audit.log' }, [])).to.deep.equal([
      '  Access: closed (MicrosoftAppId set, no ACCESS_FILE): nobody sees contact or campaign data until a roles file is given.',
      '  Audit log: /x/audit.log',
    ]);
    const lines = describeAccess(FILE, { authEnabled: false }, [SPRING, MARZO]).join('\n');
    expect(lines).to.contain('6 user entries from roles.yaml; anyone else is a guest');
    expect(lines).to.contain('not in the data: encuesta de satisfaccion');
    expect(lines).to.contain('without MicrosoftAppId, /api/messages trusts any user id');
  });

  it('asks Teams for emails only when the roles file names someone by email', () => {
    expect(listsEmails(FILE)).to.equal(true);
    expect(listsEmails(parseAccessFile('users:\n  - ids: ["29:1a"]\n    role: guest', 'r.yaml'))).to.equal(false);
    expect(listsEmails(OPEN_POLICY)).to.equal(false);
  });
});
