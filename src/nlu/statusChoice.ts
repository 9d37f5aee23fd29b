import { allEntries } from '../content/knowledgeBase';
import { LANGUAGES } from '../domain/language';
import { groupOf, type StatusKey } from '../domain/statusKeys';
import type { CueSpan } from './cueWords';
import { EVERYDAY_STATUS_WORDS } from './entities/statusLexicon';
import { normalize } from './normalize';
import type { PhraseMatch } from './phraseMatcher';

/** Umbrella terms that give way to a more specific status named beside them ("set the call result to Final"). */
const UMBRELLA: ReadonlySet<StatusKey> = new Set(['call_result']);
/** A message this short that is a status word is asking about it ("pending?", "final"). */
const SHORT = 3;

/** One status mention: the keys it names, and whether the message leaves it open between them. */
export interface StatusMention {
  start: number;
  end: number;
  keys: StatusKey[];
  ambiguous: boolean;
  /** Placed on a call by the words around it ("the call shows Planned"). */
  onCall?: boolean;
}

export interface StatusContext {
  tokens: readonly string[];
  cues: readonly CueSpan[];
  /** A campaign is named, so campaign words are in play. */
  campaignNamed: boolean;
}

let titles: Map<string, StatusKey> | undefined;
/** Each entry's title in both languages, folded: the word on the screen that the entry is named after. */
function titleOf(term: string): StatusKey | undefined {
  titles ??= new Map(LANGUAGES.flatMap((lang) => allEntries(lang).map((entry) => [normalize(entry.title), entry.key] as [string, StatusKey])));
  return titles.get(term);
}

/**
 * Which statuses a message names, from the lexicon's hits and the words around them:
 * - "completed" right before "no answer" is Completed without answer;
 * - an everyday word ("new", "final", "error") is a status only in a short message, or beside a label cue ("shows New",
 *   "marked final", "new calls");
 * - a word form found only through the stemmer ("contestó") gives way to a status written as such;
 * - a mention with two readings ("planned": a queued call or a campaign) takes the one the message places it in:
 *   campaign words pick the campaign status; call words keep both, the entry named by that very word first; with
 *   neither, it stays open and the bot asks;
 * - umbrella terms step aside for a specific status named beside them.
 */
export function chooseStatuses(hits: readonly PhraseMatch<StatusKey>[], context: StatusContext): StatusMention[] {
  let chosen = mergeCompletedWithoutAnswer(hits).filter((hit) => !isEverydayWord(hit, context) || labelledAsStatus(hit, context));
  if (chosen.some((hit) => !hit.byStem)) chosen = chosen.filter((hit) => !hit.byStem);
  const mentions = chosen.map((hit) => place(hit, context));
  const specific = mentions.some((m) => m.keys.some((key) => !UMBRELLA.has(key)));
  return specific ? mentions.filter((m) => !m.keys.every((key) => UMBRELLA.has(key))) : mentions;
}

function mergeCompletedWithoutAnswer(hits: readonly PhraseMatch<StatusKey>[]): PhraseMatch<StatusKey>[] {
  const out: PhraseMatch<StatusKey>[] = [];
  for (const hit of hits) {
    const previous = out[out.length - 1];
    if (previous && previous.end === hit.start && previous.values.includes('completed') && hit.values.includes('no_response')) {
      out[out.length - 1] = { start: previous.start, end: hit.end, values: ['completed_without_answer'], fuzzy: previous.fuzzy || hit.fuzzy };
    } else out.push(hit);
  }
  return out;
}

function isEverydayWord(hit: PhraseMatch<StatusKey>, context: StatusContext): boolean {
  return EVERYDAY_STATUS_WORDS.has(context.tokens.slice(hit.start, hit.end).join(' '));
}

function labelledAsStatus(hit: PhraseMatch<StatusKey>, context: StatusContext): boolean {
  if (context.tokens.length <= SHORT) return true;
  return context.cues.some((span) => span.cues.includes('label') && (span.end === hit.start || span.start === hit.end));
}

function place(hit: PhraseMatch<StatusKey>, context: StatusContext): StatusMention {
  const mention = { start: hit.start, end: hit.end, keys: hit.values, ambiguous: hit.values.length > 1 };
  if (!mention.ambiguous) return mention;
  const placement = nearestPlace(hit, context);
  if (!placement) return mention;
  const campaign = placement === 'campaign';
  if (campaign) {
    const keys = hit.values.filter((key) => groupOf(key) === 'campaign');
    return keys.length > 0 ? { ...mention, keys, ambiguous: keys.length > 1 } : mention;
  }
  const named = titleOf(context.tokens.slice(hit.start, hit.end).join(' '));
  const keys = named && hit.values.includes(named) ? [named, ...hit.values.filter((key) => key !== named)] : hit.values.filter((key) => groupOf(key) !== 'campaign');
  return { ...mention, keys, ambiguous: false, onCall: true };
}

/** The call or campaign word closest to the mention ("campaign says Planned, not calling anyone": the campaign). */
function nearestPlace(hit: PhraseMatch<StatusKey>, context: StatusContext): 'call' | 'campaign' | undefined {
  let best: 'call' | 'campaign' | undefined = context.campaignNamed ? 'campaign' : undefined;
  let bestDistance = context.campaignNamed ? 3 : Infinity;
  let tie = false;
  for (const span of context.cues) {
    const place = span.cues.includes('campaign') ? 'campaign' : span.cues.includes('call') ? 'call' : undefined;
    if (!place) continue;
    const distance = span.end <= hit.start ? hit.start - span.end : span.start - hit.end;
    if (distance < bestDistance) {
      best = place;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && place !== best) tie = true;
  }
  return tie ? undefined : best;
}
