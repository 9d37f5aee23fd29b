import type { Lang } from '../domain/language';
import type { StatusKey } from '../domain/statusKeys';
import type { Answer } from './answer';
import type { Clarification } from './answers/clarifyAnswers';

/** What the bot remembers of a conversation between turns (kept in conversation state by the channel layer). */
export interface ConversationMemory {
  /** The entry last explained, for follow-ups such as "and what should I do?". */
  lastStatus?: StatusKey;
  /** The contact and campaign last asked about, for "and how many attempts remain?". */
  lastContact?: string;
  lastCampaign?: string;
}

export interface Reply {
  answers: Answer[];
  memory: ConversationMemory;
  /** Set when the bot asks which reading was meant; the channel layer waits for the pick. */
  clarification?: Clarification;
  /** Set when the user asked for a language: remember it for them. */
  preferredLanguage?: Lang;
}
