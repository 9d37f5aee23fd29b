import type { AccessPolicy, AccessRule, Role } from './roles';
import { idKey, type Viewer } from './viewer';

export type Decision = 'allow' | 'refuse';

/** A campaign as the decision needs it: roles files may list campaigns by id or by name. */
export interface CampaignKey {
  id: string;
  name?: string;
}

const RANK: Record<Role, number> = { guest: 0, agent: 1, supervisor: 2 };

const EVERYTHING: AccessRule = { role: 'supervisor', campaigns: '*' };
const NOTHING: AccessRule = { role: 'guest', campaigns: [] };

/** Campaign ids and names compare without case or accents ("Encuesta de Satisfacción" = "encuesta de satisfaccion"). */
function campaignKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/**
 * What the viewer may see. Someone listed under several of their ids (their Teams id in one entry, their email in
 * another) gets everything those entries give; someone listed nowhere gets the file's default.
 */
export function accessOf(policy: AccessPolicy, viewer: Viewer): AccessRule {
  if (policy.mode === 'open') return EVERYTHING;
  if (policy.mode === 'closed') return NOTHING;
  const mine = new Set(viewer.ids.map(idKey));
  const matching = policy.users.filter((user) => user.ids.some((id) => mine.has(idKey(id))));
  if (matching.length === 0) return policy.default;
  const role = matching.reduce<Role>((best, user) => (RANK[user.role] > RANK[best] ? user.role : best), 'guest');
  if (matching.some((user) => user.campaigns === '*')) return { role, campaigns: '*' };
  return { role, campaigns: [...new Set(matching.flatMap((user) => user.campaigns as string[]))] };
}

/** May the viewer see this campaign's contacts and figures? */
export function decide(policy: AccessPolicy, viewer: Viewer, campaign: CampaignKey): Decision {
  const { campaigns } = accessOf(policy, viewer);
  if (campaigns === '*') return 'allow';
  const keys = new Set([campaign.id, campaign.name].filter((k): k is string => Boolean(k)).map(campaignKey));
  return campaigns.some((entry) => keys.has(campaignKey(entry))) ? 'allow' : 'refuse';
}

/** False for guests (and everyone while access is closed): they get the status guide and nothing from the data. */
export function canSeeCampaignData(policy: AccessPolicy, viewer: Viewer): boolean {
  const { campaigns } = accessOf(policy, viewer);
  return campaigns === '*' || campaigns.length > 0;
}

/**
 * True when nothing in the data is hidden from the viewer, so telling them a contact does not exist gives nothing
 * away. Anyone else gets the same refusal for a contact that is not theirs and for one that does not exist.
 */
export function seesAllCampaigns(policy: AccessPolicy, viewer: Viewer): boolean {
  return accessOf(policy, viewer).campaigns === '*';
}

/**
 * May the viewer see contacts' whole phone numbers (in a list's CSV export)? Supervisors only; answers in chat always
 * show the last four digits.
 */
export function mayViewPhones(policy: AccessPolicy, viewer: Viewer): boolean {
  return accessOf(policy, viewer).role === 'supervisor';
}

/** The roles file's campaign entries that match no campaign in the data (a typo, or a campaign not imported yet). */
export function unmatchedCampaignEntries(policy: AccessPolicy, campaigns: readonly CampaignKey[]): string[] {
  if (policy.mode !== 'file') return [];
  const known = new Set(campaigns.flatMap((c) => [c.id, c.name].filter((k): k is string => Boolean(k)).map(campaignKey)));
  const entries = [...policy.users, policy.default].flatMap((rule) => (rule.campaigns === '*' ? [] : rule.campaigns));
  return [...new Set(entries)].filter((entry) => !known.has(campaignKey(entry)));
}

/** Whether the roles file names anyone by email, which Teams gives only through its member API. */
export function listsEmails(policy: AccessPolicy): boolean {
  return policy.mode === 'file' && policy.users.some((user) => user.ids.some((id) => id.includes('@')));
}

/**
 * May the viewer see another person's course progress? Supervisors only: one of every campaign sees everyone; one of
 * listed campaigns sees the people the roles file gives at least one of those campaigns (their team). In the open
 * local demo everyone may.
 */
export function mayFollowLearner(policy: AccessPolicy, viewer: Viewer, learnerIds: readonly string[]): boolean {
  const mine = accessOf(policy, viewer);
  if (mine.role !== 'supervisor') return false;
  if (mine.campaigns === '*') return true;
  if (policy.mode !== 'file' || learnerIds.length === 0) return false;
  const theirs = accessOf(policy, { ids: [...learnerIds], channel: viewer.channel });
  if (theirs === policy.default || theirs.campaigns === '*') return false;
  const overseen = new Set(mine.campaigns.map(campaignKey));
  return theirs.campaigns.some((entry) => overseen.has(campaignKey(entry)));
}
