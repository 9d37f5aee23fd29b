import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { accessPolicyFor } from '../../src/access/accessSettings';
import { AccessFileError, loadAccessPolicy, parseAccessFile, type AccessPolicy } from '../../src/access/roles';

const YAML = `
# who may see which campaign
default: guest
users:
  - ids: ["29:1abcDEF", "0f6c7a5e-0000-4000-8000-000000000001", ana@contoso.com]
    role: agent
    campaigns: [CMP-SPRING, "Cobranza Marzo"]
  - ids: [dl_4f2a9c]
    role: supervisor
    campaigns: "*"
  - ids: [boss@contoso.com]
    role: supervisor
    note: sees everything (campaigns omitted)
  - ids: [newhire@contoso.com]
    role: guest
`;

const JSON_TEXT = JSON.stringify({
  users: [
    { ids: ['29:1abcDEF', '0f6c7a5e-0000-4000-8000-000000000001', 'ana@contoso.com'], role: 'agent', campaigns: ['CMP-SPRING', 'Cobranza Marzo'] },
    { ids: ['dl_4f2a9c'], role: 'supervisor', campaigns: '*' },
    { ids: ['boss@contoso.com'], role: 'supervisor', note: 'sees everything (campaigns omitted)' },
    { ids: ['newhire@contoso.com'], role: 'guest' },
  ],
  default: 'guest',
});

const EXPECTED_USERS = [
  { ids: ['29:1abcDEF', '0f6c7a5e-0000-4000-8000-000000000001', 'ana@contoso.com'], role: 'agent', campaigns: ['CMP-SPRING', 'Cobranza Marzo'] },
  { ids: ['dl_4f2a9c'], role: 'supervisor', campaigns: '*' },
  { ids: ['boss@contoso.com'], role: 'supervisor', campaigns: '*' },
  { ids: ['newhire@contoso.com'], role: 'guest', campaigns: [] },
];

/** The problems a roles file is refused for. */
function problems(text: string, source = 'roles.yaml'): string[] {
  try {
    parseAccessFile(text, source);
  } catch (error) {
    expect(error).to.be.instanceOf(AccessFileError);
    return (error as AccessFileError).problems;
  }
  expect.fail('the roles file was accepted');
}

describe('roles file', () => {
  it('reads the documented YAML shape', () => {
    const policy = parseAccessFile(YAML, 'roles.yaml');
    expect(policy).to.deep.equal({ mode: 'file', source: 'roles.yaml', users: EXPECTED_USERS, default: { role: 'guest', campaigns: [] } });
  });

  it('reads the same in JSON, and JSON in a .yaml file', () => {
    const fromJson = parseAccessFile(JSON_TEXT, 'roles.json');
    expect(fromJson).to.deep.equal({ mode: 'file', source: 'roles.json', users: EXPECTED_USERS, default: { role: 'guest', campaigns: [] } });
    expect((parseAccessFile(JSON_TEXT, 'roles.yaml') as Extract<AccessPolicy, { mode: 'file' }>).users).to.deep.equal(EXPECTED_USERS);
  });

  it('makes unknown users guests unless default says otherwise', () => {
    const none = parseAccessFile('users: []', 'r.yaml') as Extract<AccessPolicy, { mode: 'file' }>;
    expect(none.default).to.deep.equal({ role: 'guest', campaigns: [] });
    const agent = parseAccessFile('users: []\ndefault: { role: agent, campaigns: [CMP-A] }', 'r.yaml') as Extract<AccessPolicy, { mode: 'file' }>;
    expect(agent.default).to.deep.equal({ role: 'agent', campaigns: ['CMP-A'] });
    const supervisor = parseAccessFile('{"users": [], "default": "supervisor"}', 'r.json') as Extract<AccessPolicy, { mode: 'file' }>;
    expect(supervisor.default).to.deep.equal({ role: 'supervisor', campaigns: '*' });
  });

  it('names an unknown role, an agent without campaigns, and a guest with some', () => {
    expect(problems('users:\n  - ids: [a]\n    role: admin')).to.deep.equal(['users[0].role: unknown role "admin" (expected supervisor, agent or guest)']);
    expect(problems('users:\n  - ids: [a]\n    role: agent')).to.deep.equal(['users[0].campaigns: an agent needs "campaigns", a list of campaign ids or names']);
    expect(problems('users:\n  - ids: [a]\n    role: agent\n    campaigns: "*"')[0]).to.contain('an agent sees listed campaigns only');
    expect(problems('users:\n  - ids: [a]\n    role: guest\n    campaigns: [CMP-A]')[0]).to.contain('a guest sees no campaign data');
    expect(problems('users:\n  - ids: [a]')).to.deep.equal(['users[0].role: missing (expected supervisor, agent or guest)']);
  });

  it('names what is not a list, an empty list, a number, a missing key and an unknown one', () => {
    expect(problems('users: { ids: [a] }')).to.deep.equal(['users: must be a list, not an object']);
    expect(problems('users:\n  - ids: ana@contoso.com\n    role: guest')).to.deep.equal(['users[0].ids: must be a list of strings, not "ana@contoso.com"']);
    expect(problems('users:\n  - ids: []\n    role: guest')).to.deep.equal(['users[0].ids: the list is empty']);
    expect(problems('users:\n  - ids: [0012345]\n    role: guest')[0]).to.contain('users[0].ids[0]: 12345 is a number; write it in quotes');
    expect(problems('users:\n  - role: guest')[0]).to.contain('users[0].ids: missing');
    expect(problems('users:\n  - ids: [a]\n    role: agent\n    campaign: [CMP-A]')).to.include('users[0]: unknown key "campaign" (expected ids, role, campaigns, note)');
    expect(problems('user:\n  - ids: [a]')).to.include.members(['the file: unknown key "user" (expected users, default)', 'users: missing (a list of { ids, role, campaigns })']);
    expect(problems('default: agent\nusers: []')[0]).to.contain('default: an agent needs campaigns');
    expect(problems('- a\n- b')[0]).to.contain('must hold an object with "users"');
    expect(problems('')[0]).to.contain('must hold an object with "users"');
  });

  it('reports every problem at once, with where it is', () => {
    const found = problems('users:\n  - ids: [a]\n    role: admin\n  - ids: [b]\n    role: agent\n  - 42');
    expect(found).to.deep.equal([
      'users[0].role: unknown role "admin" (expected supervisor, agent or guest)',
      'users[1].campaigns: an agent needs "campaigns", a list of campaign ids or names',
      'users[2]: must be an object with ids, role and campaigns, not number 42',
    ]);
  });

  it('refuses an id listed in two entries, whatever its case', () => {
    expect(problems('users:\n  - ids: [Ana@Contoso.com]\n    role: guest\n  - ids: [ana@contoso.com]\n    role: supervisor')).to.deep.equal([
      'users[1].ids: "ana@contoso.com" is already listed in users[0]',
    ]);
  });

  it('says what is wrong with text that is not JSON or YAML', () => {
    expect(problems('{"users": [', 'roles.json')[0]).to.match(/^cannot be read as JSON: /);
    expect(problems('users: [a, b\nrole: x', 'roles.yml')[0]).to.match(/^cannot be read as YAML: /);
    expect(problems('users: []\nusers: []', 'roles.yaml')[0]).to.contain('cannot be read as YAML').and.to.match(/unique/i);
  });

  describe('loading', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'roles-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a file, and names a missing one', () => {
      writeFileSync(join(dir, 'roles.yaml'), YAML);
      expect((loadAccessPolicy(join(dir, 'roles.yaml')) as Extract<AccessPolicy, { mode: 'file' }>).users).to.deep.equal(EXPECTED_USERS);
      expect(() => loadAccessPolicy(join(dir, 'nope.yaml'))).to.throw(`ACCESS_FILE ${join(dir, 'nope.yaml')} cannot be read: no such file`);
      expect(() => loadAccessPolicy(dir)).to.throw('it is a folder');
    });

    it('names the file and the problems of an invalid one', () => {
      writeFileSync(join(dir, 'bad.json'), '{"users": [{"ids": ["a"], "role": "owner"}]}');
      expect(() => loadAccessPolicy(join(dir, 'bad.json'))).to.throw(`The roles file ${join(dir, 'bad.json')} (ACCESS_FILE) is not valid:\n  - users[0].role: unknown role "owner"`);
    });

    it('picks the mode: the file when given, else open without MicrosoftAppId and closed with it', () => {
      writeFileSync(join(dir, 'roles.json'), JSON_TEXT);
      expect(accessPolicyFor({ authEnabled: false })).to.deep.equal({ mode: 'open' });
      expect(accessPolicyFor({ authEnabled: true })).to.deep.equal({ mode: 'closed' });
      expect(accessPolicyFor({ authEnabled: true, accessFile: join(dir, 'roles.json') }).mode).to.equal('file');
      expect(accessPolicyFor({ authEnabled: false, accessFile: join(dir, 'roles.json') }).mode).to.equal('file');
      expect(() => accessPolicyFor({ authEnabled: true, accessFile: join(dir, 'missing.json') })).to.throw('no such file');
    });
  });
});
