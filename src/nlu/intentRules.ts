import type { CueSpan } from './cueWords';
import { hasCue } from './cueWords';
import type { IntentScore } from '../domain/recognition';
import type { Intent } from '../domain/intents';

/** The reading next in line takes over from a ruled-out one only with at least this score; below it, out of scope. */
const MIN_NEXT_SCORE = 0.2;

export interface IntentContext {
  cues: readonly CueSpan[];
  /** A status is named or described. */
  statusNamed: boolean;
  campaignNamed: boolean;
}

/**
 * What the words of a message rule out, applied on top of the classifier's ranking:
 * - the course starts only when the person asks to learn, and course progress needs the course in the question;
 * - a status named with no campaign is a question about the status (its meaning and action), not a campaign analysis,
 *   unless the message asks to improve, compare or plan;
 * - a campaign and a status named with a question of counts want the campaign's figures.
 */
export function applyIntentRules(scores: readonly IntentScore[], context: IntentContext): IntentScore[] {
  const ruledOut = (intent: Intent): boolean => {
    if (intent === 'course.start') return !hasCue(context.cues, 'learn');
    if (intent === 'course.progress') return !hasCue(context.cues, 'course');
    if (context.statusNamed && (intent === 'campaign.insights' || intent === 'campaign.summary')) {
      if (context.campaignNamed) return hasCue(context.cues, 'meaning') && !hasCue(context.cues, 'count');
      return !hasCue(context.cues, 'improve') && !(intent === 'campaign.summary' && hasCue(context.cues, 'count'));
    }
    if (context.statusNamed && context.campaignNamed && intent === 'status.explain') return hasCue(context.cues, 'count');
    return false;
  };
  const top = scores[0];
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
  if (!next || next.intent === 'None' || next.score < MIN_NEXT_SCORE) return [{ intent: 'None', score: 1 - (next?.score ?? 0) }, ...kept.filter((s) => s.intent !== 'None')];
  return [{ intent: next.intent, score: Math.max(next.score, top.score) }, ...kept.slice(1)];
}
