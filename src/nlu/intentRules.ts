import type { CueSpan } from './cueWords';
import { hasCue } from './cueWords';
import type { IntentScore } from '../domain/recognition';
import { isAlertIntent, type Intent } from '../domain/intents';

/** The reading next in line takes over from a ruled-out one only with at least this score; below it, out of scope. */
const MIN_NEXT_SCORE = 0.2;

export interface IntentContext {
  cues: readonly CueSpan[];
  /** A status is named or described. */
  statusNamed: boolean;
  campaignNamed: boolean;
  /** The message asks for one part of an entry (the action, the causes...), as follow-ups do. */
  asksAspect: boolean;
  /** A contact id or phone is named. */
  contactNamed?: boolean;
  /** A list condition is named (flagged bad, no attempts left, never called, called at least N times). */
  listAsked?: boolean;
  /** A ranking order is named ("the most", "la peor"). */
  rankAsked?: boolean;
  /** A word that asks to be told with a condition to watch ("notify me when ... pauses", "avísame si ... pasa del 20%"). */
  alertCondition?: boolean;
}

/**
 * A list question, read from its words: a plural subject (campaigns, contacts, who) with a list cue, a condition or a
 * status. "Which campaigns are paused" lists; "what does Paused mean" explains; "how is Spring Renewals doing" is one
 * campaign's summary; "how many contacts are flagged bad in Spring Renewals" asks for that campaign's figure.
 */
function listReading(context: IntentContext): Intent | undefined {
  const { cues } = context;
  // "notify me when any of my campaigns pauses" asks to be told, not for a list
  if (hasCue(cues, 'meaning') || hasCue(cues, 'advice') || hasCue(cues, 'alert') || context.contactNamed) return undefined;
  const list = hasCue(cues, 'list') || hasCue(cues, 'which');
  if (!context.campaignNamed && hasCue(cues, 'campaigns') && (list || context.statusNamed)) return 'campaign.list';
  if (!context.campaignNamed && hasCue(cues, 'campaign') && hasCue(cues, 'which') && context.rankAsked && !hasCue(cues, 'contacts')) return 'campaign.list';
  // "how many" wants a campaign's figure; "a course for the new people" is about learning ("en curso" is a campaign's state)
  if (hasCue(cues, 'count') || hasCue(cues, 'learn')) return undefined;
  // "which contact is flagged bad?" (one contact in mind) is no list; "which contacts", "list the flagged ones" are
  if (context.listAsked && (hasCue(cues, 'list') || hasCue(cues, 'contacts'))) return 'contact.list';
  if (context.statusNamed && hasCue(cues, 'contacts') && (list || !context.asksAspect)) return 'contact.list';
  return undefined;
}

/** A list reading the words do not back (no plural subject, no condition) is ruled out. */
function listRuledOut(intent: Intent, context: IntentContext): boolean {
  const { cues } = context;
  if ((hasCue(cues, 'meaning') || hasCue(cues, 'advice')) && (intent === 'contact.list' || intent === 'campaign.list')) return true;
  if (intent === 'contact.list' && context.contactNamed) return true;
  if (intent === 'contact.list') return !hasCue(cues, 'contacts') && !(context.listAsked && hasCue(cues, 'list'));
  if (intent === 'campaign.list') return !hasCue(cues, 'campaigns') && !(hasCue(cues, 'campaign') && hasCue(cues, 'which') && context.rankAsked);
  return false;
}

/**
 * What the words of a message rule out, applied on top of the classifier's ranking:
 * - a word that asks to be told and a condition to watch (a status change, a percentage) ask for an alert;
 * - the course starts only when the person asks to learn, and course progress needs the course in the question;
 * - a status named with no campaign is a question about the status (its meaning and action), not a campaign analysis,
 *   unless the message asks to improve, compare or plan;
 * - a campaign and a status named with a question of counts want the campaign's figures;
 * - a list cue with a plural subject asks for a list (`listReading`), and a list the words do not back is ruled out.
 */
export function applyIntentRules(scores: readonly IntentScore[], context: IntentContext): IntentScore[] {
  const top = scores[0];
  // "notify me if Spring Renewals stops": the status and the campaign are what to watch, not a question about them
  if (context.alertCondition && top && top.intent !== 'None' && !isAlertIntent(top.intent)) {
    const own = scores.find((s) => s.intent === 'alert.subscribe');
    return [{ intent: 'alert.subscribe', score: Math.max(own?.score ?? 0, top.score) }, ...scores.filter((s) => s.intent !== 'alert.subscribe')];
  }
  const listed = listReading(context);
  if (listed && scores[0]?.intent !== listed) {
    const own = scores.find((s) => s.intent === listed);
    return [{ intent: listed, score: Math.max(own?.score ?? 0, scores[0]?.score ?? 0) }, ...scores.filter((s) => s.intent !== listed)];
  }
  const ruledOut = (intent: Intent): boolean => {
    if (listRuledOut(intent, context)) return true;
    if (intent === 'course.start') return !hasCue(context.cues, 'learn');
    if (intent === 'course.progress') return !hasCue(context.cues, 'course');
    if (context.statusNamed && (intent === 'campaign.insights' || intent === 'campaign.summary')) {
      if (context.campaignNamed) return hasCue(context.cues, 'meaning') && !hasCue(context.cues, 'count');
      return !hasCue(context.cues, 'improve') && !(intent === 'campaign.summary' && hasCue(context.cues, 'count'));
    }
    if (context.statusNamed && context.campaignNamed && intent === 'status.explain') return hasCue(context.cues, 'count');
    return false;
  };
  if (!top || top.intent === 'None' || !ruledOut(top.intent)) return [...scores];
  const kept = scores.filter((s) => !ruledOut(s.intent));
  // a campaign's figures asked for, however the classifier read the rest
  if (context.statusNamed && context.campaignNamed && hasCue(context.cues, 'count')) {
    return [{ intent: 'campaign.summary', score: top.score }, ...kept.filter((s) => s.intent !== 'campaign.summary' && s.intent !== 'None')];
  }
  // with a status named, what remains is a question about it
  if (context.statusNamed && kept.some((s) => s.intent === 'status.explain')) {
    return [{ intent: 'status.explain', score: top.score }, ...kept.filter((s) => s.intent !== 'status.explain' && s.intent !== 'None')];
  }
  // the weight of what was ruled out goes to the next reading, which may then be out of scope
  const next = kept[0];
  // a list the words do not back was the classifier's guess from the list's words ("give me the list of..."): the
  // next reading takes over whatever its score
  const listGuess = top.intent === 'contact.list' || top.intent === 'campaign.list';
  if (!next || next.intent === 'None' || (next.score < MIN_NEXT_SCORE && !listGuess)) return [{ intent: 'None', score: 1 - (next?.score ?? 0) }, ...kept.filter((s) => s.intent !== 'None')];
  return [{ intent: next.intent, score: Math.max(next.score, top.score) }, ...kept.slice(1)];
}
