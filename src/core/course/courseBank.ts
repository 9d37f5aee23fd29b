import type { StatusKey } from '../../domain/statusKeys';

/**
 * The onboarding course's structure: its lessons in order and its bank of scenario questions. Words live in
 * locales/<lang>/lessons.json (`lessons.<lesson>` for the lesson text, `questions.<id>` for a question's scenario and
 * each option's text and explanation); this file holds only the language-neutral facts: which options a question has,
 * which one is right, and which status to review when it is missed.
 */

export type LessonId = 'call_states' | 'attempts' | 'campaigns' | 'call_results';

/** Course order: what happens on a call, then counting calls per contact, then campaigns, then agents' call results. */
export const LESSONS: readonly LessonId[] = ['call_states', 'attempts', 'campaigns', 'call_results'];

export type OptionId = 'a' | 'b' | 'c' | 'd';

export interface QuestionSpec {
  /** Stable id, the i18n key under `lessons:questions`. */
  id: string;
  lesson: LessonId;
  /** 3 or 4 options, in display order. */
  options: readonly OptionId[];
  /** The right option. */
  answer: OptionId;
  /** The status to review when this question is missed. */
  topic: StatusKey;
}

const ABC: readonly OptionId[] = ['a', 'b', 'c'];
const ABCD: readonly OptionId[] = ['a', 'b', 'c', 'd'];

function q(id: string, lesson: LessonId, options: readonly OptionId[], answer: OptionId, topic: StatusKey): QuestionSpec {
  return { id, lesson, options, answer, topic };
}

export const QUESTIONS: readonly QuestionSpec[] = [
  // call_states: the guide's eight call states, what they mean and what to do
  q('cs_switchboard', 'call_states', ABCD, 'b', 'ivr'),
  q('cs_voicemail', 'call_states', ABCD, 'c', 'ivr'),
  q('cs_ivr_strategy', 'call_states', ABCD, 'd', 'ivr'),
  q('cs_wrong_person', 'call_states', ABCD, 'a', 'incorrect_number'),
  q('cs_incorrect_action', 'call_states', ABCD, 'c', 'incorrect_number'),
  q('cs_failed_credentials', 'call_states', ABCD, 'd', 'failed'),
  q('cs_failed_action', 'call_states', ABCD, 'b', 'failed'),
  q('cs_bad_format', 'call_states', ABCD, 'a', 'failed'),
  q('cs_busy_signal', 'call_states', ABCD, 'c', 'busy'),
  q('cs_busy_action', 'call_states', ABCD, 'd', 'busy'),
  q('cs_rang_out', 'call_states', ABCD, 'b', 'no_response'),
  q('cs_no_response_pattern', 'call_states', ABCD, 'a', 'no_response'),
  q('cs_new_queue', 'call_states', ABCD, 'c', 'new'),
  q('cs_canceled_hours', 'call_states', ABCD, 'b', 'canceled'),
  q('cs_canceled_action', 'call_states', ABCD, 'd', 'canceled'),
  q('cs_completed_goal', 'call_states', ABCD, 'a', 'completed'),

  // attempts: Number of Calls, attempts remaining, closed contacts, Bad Connection
  q('at_failed_twice', 'attempts', ABCD, 'c', 'bad_connection'),
  q('at_third_answer', 'attempts', ABC, 'b', 'bad_connection'),
  q('at_count_mixed', 'attempts', ABC, 'a', 'number_of_calls'),
  q('at_canceled_not_counted', 'attempts', ABC, 'b', 'number_of_calls'),
  q('at_remaining', 'attempts', ABCD, 'd', 'number_of_calls'),
  q('at_closed_completed', 'attempts', ABCD, 'd', 'number_of_calls'),
  q('at_closed_incorrect', 'attempts', ABC, 'c', 'incorrect_number'),
  q('at_finished_campaign', 'attempts', ABC, 'a', 'finished'),
  q('at_flag_threshold', 'attempts', ABC, 'b', 'bad_connection'),
  q('at_flag_mix', 'attempts', ABCD, 'd', 'bad_connection'),
  q('at_bulk_delete', 'attempts', ABCD, 'c', 'bad_connection'),
  q('at_review_time', 'attempts', ABC, 'a', 'bad_connection'),
  q('at_limit_reached', 'attempts', ABC, 'a', 'number_of_calls'),

  // campaigns: campaign statuses, pausing/resuming/finishing/deleting, and the voice bot's call statuses
  q('cp_draft', 'campaigns', ABCD, 'c', 'draft'),
  q('cp_planned', 'campaigns', ABCD, 'a', 'planned'),
  q('cp_in_progress_call', 'campaigns', ABCD, 'b', 'in_progress'),
  q('cp_manual_pause', 'campaigns', ABCD, 'd', 'paused'),
  q('cp_out_of_minutes', 'campaigns', ABCD, 'c', 'paused'),
  q('cp_system_failure', 'campaigns', ABC, 'a', 'paused'),
  q('cp_resume_fails', 'campaigns', ABC, 'c', 'paused'),
  q('cp_delete_running', 'campaigns', ABCD, 'b', 'finished'),
  q('cp_deleted_data', 'campaigns', ABCD, 'a', 'finished'),
  q('cp_finished_all', 'campaigns', ABC, 'c', 'finished'),
  q('cp_not_dialed', 'campaigns', ABCD, 'd', 'not_dialed'),
  q('cp_another_attempt', 'campaigns', ABCD, 'a', 'another_attempt_scheduled'),
  q('cp_without_answer', 'campaigns', ABCD, 'b', 'completed_without_answer'),
  q('cp_plan_limit', 'campaigns', ABCD, 'd', 'plan_limit_exceeded'),

  // call_results: dispositions, their status categories, settings and flags
  q('cr_dnc', 'call_results', ABCD, 'c', 'do_not_call'),
  q('cr_final_reload', 'call_results', ABC, 'b', 'final_result'),
  q('cr_final_paid', 'call_results', ABC, 'c', 'final_result'),
  q('cr_recall', 'call_results', ABCD, 'a', 'recall'),
  q('cr_roll', 'call_results', ABCD, 'd', 'roll_to_campaign'),
  q('cr_intercept', 'call_results', ABCD, 'b', 'operator_intercept'),
  q('cr_fax', 'call_results', ABCD, 'c', 'fax_modem'),
  q('cr_hangup', 'call_results', ABCD, 'd', 'drop_hang_up'),
  q('cr_answer_machine', 'call_results', ABCD, 'd', 'ivr'),
  q('cr_flags_presentation', 'call_results', ABCD, 'a', 'call_result'),
  q('cr_flag_success', 'call_results', ABCD, 'c', 'call_result'),
  q('cr_flag_no_contact', 'call_results', ABCD, 'b', 'call_result'),
  q('cr_require_revenue', 'call_results', ABCD, 'd', 'call_result'),
  q('cr_associate', 'call_results', ABCD, 'a', 'call_result'),
];

const byId = new Map(QUESTIONS.map((question) => [question.id, question]));

/** The lesson's questions, in bank order. */
export function questionsOf(lesson: LessonId): QuestionSpec[] {
  return QUESTIONS.filter((question) => question.lesson === lesson);
}

export function questionById(id: string): QuestionSpec | undefined {
  return byId.get(id);
}
