/** The status keys of the contract, grouped as the bot presents them. Language-neutral facts live here; words live in locales/. */
export const STATUS_GROUPS = {
  call_state: ['completed', 'new', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled'],
  contact: ['bad_connection', 'number_of_calls'],
  campaign: ['draft', 'planned', 'in_progress', 'paused', 'finished'],
  lifecycle: ['another_attempt_scheduled', 'completed_without_answer', 'not_dialed', 'plan_limit_exceeded'],
  call_result: ['call_result', 'final_result', 'do_not_call', 'recall', 'roll_to_campaign', 'operator_intercept', 'drop_hang_up', 'fax_modem'],
} as const;

export type StatusGroup = keyof typeof STATUS_GROUPS;
export type StatusKey = (typeof STATUS_GROUPS)[StatusGroup][number];

export const STATUS_KEYS: readonly StatusKey[] = Object.values(STATUS_GROUPS).flat();

/** Results an attempt can end with (contacts' current statuses are these or `new`). */
export const ATTEMPT_RESULTS = ['completed', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

export const CAMPAIGN_STATUSES = ['draft', 'planned', 'in_progress', 'paused', 'finished'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const PAUSE_REASONS = ['manual', 'out_of_minutes', 'system_failure'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export function isStatusKey(value: string): value is StatusKey {
  return (STATUS_KEYS as readonly string[]).includes(value);
}

export function groupOf(key: StatusKey): StatusGroup {
  for (const [group, keys] of Object.entries(STATUS_GROUPS)) {
    if ((keys as readonly string[]).includes(key)) return group as StatusGroup;
  }
  throw new Error(`unknown status key ${key}`);
}
