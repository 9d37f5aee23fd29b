import { unmatchedCampaignEntries, type CampaignKey } from './accessControl';
import { CLOSED_POLICY, loadAccessPolicy, OPEN_POLICY, type AccessPolicy } from './roles';

export interface AccessSettings {
  /** ACCESS_FILE: the roles file, when one is given. */
  accessFile?: string;
  /** MicrosoftAppId is set: the bot faces real users. */
  authEnabled: boolean;
  /** AUDIT_LOG, for the start-up lines. */
  auditLog?: string;
}

/**
 * The three modes: a roles file when given (it must load, or the bot does not start); without one, open for the local
 * demo (no MicrosoftAppId) and closed once the bot faces real users, so no data shows until someone says who may see it.
 */
export function accessPolicyFor(settings: AccessSettings): AccessPolicy {
  if (settings.accessFile) return loadAccessPolicy(settings.accessFile);
  return settings.authEnabled ? CLOSED_POLICY : OPEN_POLICY;
}

/** Start-up lines saying which mode is on, and what in the roles file looks wrong. */
export function describeAccess(policy: AccessPolicy, settings: AccessSettings, campaigns: readonly CampaignKey[]): string[] {
  const audit = settings.auditLog ? [`  Audit log: ${settings.auditLog}`] : [];
  if (policy.mode === 'open') return ['  Access: open (no ACCESS_FILE, no MicrosoftAppId): everyone sees every campaign.', ...audit];
  if (policy.mode === 'closed') return ['  Access: closed (MicrosoftAppId set, no ACCESS_FILE): nobody sees contact or campaign data until a roles file is given.', ...audit];
  const lines = [`  Access: ${policy.users.length} user ${policy.users.length === 1 ? 'entry' : 'entries'} from ${policy.source}; anyone else is ${policy.default.role === 'guest' ? 'a guest' : `${policy.default.role === 'agent' ? 'an agent' : 'a supervisor'} by default`}.`];
  const unmatched = unmatchedCampaignEntries(policy, campaigns);
  if (unmatched.length > 0) lines.push(`  Warning: the roles file names campaigns that are not in the data: ${unmatched.join(', ')}.`);
  if (!settings.authEnabled) lines.push('  Warning: without MicrosoftAppId, /api/messages trusts any user id it is sent; use a roles file without it for testing only.');
  return [...lines, ...audit];
}
