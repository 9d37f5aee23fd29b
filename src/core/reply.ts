import type { Lang } from '../domain/language';
import type { StatusKey } from '../domain/statusKeys';
import type { Answer } from './answer';
import type { Clarification } from './answers/clarifyAnswers';

/** What the bot remembers of a conversation between turns (kept in conversation state by the channel layer). */
/** Where a contact list stands: its query, the page shown, and that page's ids (for "the second one"). */
export interface ListPlace {
  campaignIds: string[];
  /** The one campaign the list is about, if any. */
  campaign?: string;
  /** `filterKey` of the list's filter. */
  filter: string;
  offset: number;
  ids: string[];
}

export interface ConversationMemory {
  /** The entry last explained, for follow-ups such as "and what should I do?". */
  lastStatus?: StatusKey;
  /** The contact and campaign last asked about, for "and how many attempts remain?". */
  lastContact?: string;
  lastCampaign?: string;
  /** The contact list last shown, for Show 10 more and "the second one". */
  lastList?: ListPlace;
}

export interface Reply {
  answers: Answer[];
  memory: ConversationMemory;
  /** Set when the bot asks which reading was meant; the channel layer waits for the pick. */
  clarification?: Clarification;
  /** Set when the user asked for a language: remember it for them. */
  preferredLanguage?: Lang;
}
