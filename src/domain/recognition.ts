/**
 * What the recognizer makes of a message, as the rest of the program sees it: plain data, no recognizer needed to
 * read it. The recognizer (src/nlu) fills these in; the core, the dialogs and the channels read them.
 */
import type { Intent } from './intents';
import type { Lang, LanguageSource } from './language';
import type { CampaignStatus, StatusKey } from './statusKeys';

export type { LanguageSource } from './language';

/**
 * Which part of an entry a question is after ("and what should I do?" wants the action); for a campaign, whether only
 * the best time to call (`best_time`) or only the week-over-week change (`trend`) is wanted.
 */
export type Aspect = 'action' | 'causes' | 'value' | 'related' | 'example' | 'best_time' | 'trend';

/** A campaign as the recognizer knows it: the id it stands for and the name people write. */
export interface CampaignRef {
  id: string;
  name: string;
}

export interface IntentScore {
  intent: Intent;
  score: number;
}

export interface RecognizeInput {
  text: string;
  /** The activity's locale, when the channel sends one. */
  locale?: string | null;
  /** The language the user last wrote in, when the text itself does not say. */
  lastLanguage?: Lang;
  /** A language the user asked for explicitly; it wins over everything else. */
  preferredLanguage?: Lang;
}

export interface Entities {
  status: StatusKey[];
  contact: string[];
  phone: string[];
  campaign: string[];
  language: Lang[];
  aspect: Aspect[];
  /** What a list question asks for: conditions on contacts, the least calls made, a ranking order. */
  list: ListFilters;
  /** What an alert request names besides statuses and campaigns. */
  alert: AlertWords;
}

/** The words of an alert request ("notify me when Spring Renewals pauses", "avísame si Fallida pasa del 20%"). */
export interface AlertWords {
  /** The campaign statuses a change is asked about by its verb: "pauses" paused, "finishes" finished, "resumes" in_progress; "changes" all three. */
  changes: CampaignStatus[];
  /** A percentage as written ("20%", "15 por ciento", "over 20"), not yet checked: 0 and 150 are read too. */
  percent?: number;
  /** "any campaign", "all my campaigns", "cualquier campaña", "todas". */
  everyCampaign: boolean;
}

/** The conditions a list of contacts can be asked for, besides a current status (which comes as a status entity). */
export type ListCondition = 'flagged_bad' | 'no_attempts_left' | 'never_called' | 'min_calls';
/** Which end of a ranking comes first: "the most failed calls", "the lowest answer rate". */
export type RankOrder = 'most' | 'least';

export interface ListFilters {
  conditions: ListCondition[];
  /** For `min_calls`: "called at least 3 times", "3 or more calls", "más de 2 veces" (more than 2 is at least 3). */
  minCalls?: number;
  order?: RankOrder;
}

export interface AmbiguousMention {
  /** The words as the user wrote them, folded ("planned"). */
  term: string;
  keys: StatusKey[];
}

export interface Recognition {
  text: string;
  language: Lang;
  languageSource: LanguageSource;
  intent: Intent;
  score: number;
  intents: IntentScore[];
  entities: Entities;
  /** One mention that names several entries ("planned": a campaign or a call?); the bot asks instead of guessing. */
  ambiguousStatus?: AmbiguousMention;
  /**
   * A campaign status's word placed on a call ("the call shows Planned"): the call state the guide calls it (New). The
   * status entity keeps the word's own entry first; the answer explains the call state.
   */
  callReading?: StatusKey;
  /** The message points back at the last answer ("and what should I do?", "why does that happen?"). */
  followUp: boolean;
  /** Two intents too close to call; the bot asks which one was meant. */
  closeIntents?: [Intent, Intent];
  campaigns: CampaignRef[];
}
