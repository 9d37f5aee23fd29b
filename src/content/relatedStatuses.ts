import type { StatusKey } from '../domain/statusKeys';

/** Which entries a reader of one entry most likely wants next. */
export const RELATED: Record<StatusKey, readonly StatusKey[]> = {
  completed: ['final_result', 'call_result', 'number_of_calls'],
  new: ['planned', 'another_attempt_scheduled', 'canceled'],
  failed: ['bad_connection', 'another_attempt_scheduled', 'paused'],
  busy: ['no_response', 'bad_connection', 'recall'],
  no_response: ['busy', 'completed_without_answer', 'bad_connection'],
  ivr: ['no_response', 'fax_modem', 'operator_intercept'],
  incorrect_number: ['do_not_call', 'operator_intercept', 'failed'],
  canceled: ['number_of_calls', 'not_dialed', 'plan_limit_exceeded'],
  bad_connection: ['number_of_calls', 'failed', 'no_response'],
  number_of_calls: ['bad_connection', 'completed_without_answer', 'canceled'],
  draft: ['planned', 'in_progress', 'finished'],
  planned: ['draft', 'in_progress', 'new'],
  in_progress: ['paused', 'finished', 'planned'],
  paused: ['in_progress', 'plan_limit_exceeded', 'finished'],
  finished: ['not_dialed', 'completed_without_answer', 'paused'],
  another_attempt_scheduled: ['no_response', 'failed', 'number_of_calls'],
  completed_without_answer: ['no_response', 'number_of_calls', 'bad_connection'],
  not_dialed: ['finished', 'canceled', 'new'],
  plan_limit_exceeded: ['paused', 'canceled', 'not_dialed'],
  call_result: ['final_result', 'recall', 'do_not_call'],
  final_result: ['recall', 'do_not_call', 'call_result'],
  do_not_call: ['final_result', 'incorrect_number', 'call_result'],
  recall: ['another_attempt_scheduled', 'final_result', 'roll_to_campaign'],
  roll_to_campaign: ['recall', 'final_result', 'call_result'],
  operator_intercept: ['incorrect_number', 'fax_modem', 'drop_hang_up'],
  drop_hang_up: ['operator_intercept', 'no_response', 'recall'],
  fax_modem: ['ivr', 'incorrect_number', 'operator_intercept'],
};

/** Entries whose bullet list holds causes rather than key details, as the guide labels them. */
export const LISTS_CAUSES: ReadonlySet<StatusKey> = new Set<StatusKey>(['failed', 'canceled', 'paused', 'plan_limit_exceeded', 'operator_intercept', 'drop_hang_up']);
