import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import restify from 'restify';
import { MemoryAuditLog } from '../../src/access/auditLog';
import { ExportLinks, EXPORT_LINK_LIFETIME_MS } from '../../src/access/exportLinks';
import { parseAccessFile, type AccessPolicy } from '../../src/access/roles';
import { listQueriesOf, type BotServices } from '../../src/app';
import { registerListExport } from '../../src/http/listExport';
import { startConversation, testBot } from '../helpers/botHarness';
import { openListStore, tableIds } from '../answers/listHelpers';

const ROLES = `
users:
  - ids: [agent-b]
    role: agent
    campaigns: [CMP-B, CMP-D]
  - ids: [boss]
    role: supervisor
`;

/**
 * Lists and their CSV exports under access rules, over a real HTTP server: an agent sees only their campaigns in lists
 * and exports, with masked phones; a supervisor gets whole phones; a forged, changed or expired link gets 403.
 */
describe('lists and CSV exports under access rules', () => {
  let services: BotServices;
  let close: () => Promise<void>;
  let server: restify.Server;
  let clock = Date.now();
  const audit = new MemoryAuditLog();
  const links = new ExportLinks('export-test-secret', 'http://placeholder', () => clock);

  before(async () => {
    const { store, campaigns, close: closeStore } = await openListStore('export-');
    close = closeStore;
    const policy: AccessPolicy = parseAccessFile(ROLES, 'roles.yaml');
    services = testBot({ store, campaigns, access: policy, audit, links });
    server = restify.createServer();
    registerListExport(server, { links, lists: listQueriesOf(store)!, store, policy, audit });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    links.setBaseUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await close();
  });

  const linkIn = (text: string | undefined): string => /(http:\/\/127\.0\.0\.1:\d+\/api\/lists\/export\.csv\?\S+)/.exec(text ?? '')![1]!;
  const csvIds = (csv: string): string[] => csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]!);

  it('shows an agent only their campaigns, and a campaign of someone else\'s as one that does not exist', async () => {
    const [never] = await startConversation({ services, userId: 'agent-b' }).say('which contacts have no attempts left?');
    expect(tableIds(never)).to.deep.equal(['C-5']);
    const [other] = await startConversation({ services, userId: 'agent-b' }).say('which contacts in Alpha Renewals are flagged bad?');
    const [missing] = await startConversation({ services, userId: 'agent-b' }).say('which contacts in Zeta Promo are flagged bad?');
    expect(other.text).to.equal(missing.text);
    const [paused] = await startConversation({ services, userId: 'agent-b' }).say('which campaigns are paused?');
    expect(paused.text).to.contain('None of your campaigns is Paused');
  });

  it('exports the whole list (not the page), equal to the list, phones masked for an agent, and puts it on the audit log', async () => {
    const conversation = startConversation({ services, channelId: 'test', userId: 'agent-b' });
    const [first] = await conversation.say('which contacts in Delta Paging are flagged bad?');
    const [second] = await conversation.say('Show 10 more');
    const [third] = await conversation.say('Show 10 more');
    const paged = [...tableIds(first), ...tableIds(second), ...tableIds(third)];
    const response = await fetch(linkIn(first.text));
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/csv');
    const csv = await response.text();
    expect(csvIds(csv)).to.deep.equal(paged);
    expect(csv).to.contain('••• 1001').and.not.to.contain('020 1001');
    const entry = audit.entries.find((e) => e.action === 'list.export');
    expect(entry).to.include({ target: 'CMP-D', decision: 'allowed', filter: 'flagged_bad', rows: 23 });
    expect(entry!.who).to.deep.equal(['agent-b']);
  });

  it('gives a supervisor whole phone numbers', async () => {
    const [reply] = await startConversation({ services, userId: 'boss' }).say('which contacts in Delta Paging are flagged bad?');
    const csv = await (await fetch(linkIn(reply.text))).text();
    expect(csv).to.contain('+1 555 020 1001');
  });

  it('refuses a forged, changed or expired link with 403', async () => {
    const [reply] = await startConversation({ services, userId: 'agent-b' }).say('which contacts in Delta Paging are flagged bad?');
    const link = new URL(linkIn(reply.text));
    const forged = new URL(link);
    forged.searchParams.set('s', `${link.searchParams.get('s')!.slice(0, -2)}AA`);
    expect((await fetch(forged)).status).to.equal(403);
    // the same grant for another campaign, signed by someone without the secret
    const grant = JSON.parse(Buffer.from(link.searchParams.get('g')!, 'base64url').toString()) as { campaignIds: string[] };
    grant.campaignIds = ['CMP-A'];
    const changed = new URL(link);
    changed.searchParams.set('g', Buffer.from(JSON.stringify(grant)).toString('base64url'));
    expect((await fetch(changed)).status).to.equal(403);
    expect((await fetch(new URL(link.pathname, link))).status).to.equal(403);
    clock += EXPORT_LINK_LIFETIME_MS + 1;
    try {
      const expired = await fetch(link);
      expect(expired.status).to.equal(403);
      expect(await expired.text()).to.contain('expired');
    } finally {
      clock -= EXPORT_LINK_LIFETIME_MS + 1;
    }
  });

  it('exports only what the viewer may still see, even for campaigns their link names', async () => {
    const link = links.link({ viewer: { ids: ['agent-b'], channel: 'test' }, campaignIds: ['CMP-A', 'CMP-B', 'CMP-D'], filter: 'no_attempts_left', lang: 'en' });
    const csv = await (await fetch(link)).text();
    expect(csvIds(csv)).to.deep.equal(['C-5']);
  });
});
