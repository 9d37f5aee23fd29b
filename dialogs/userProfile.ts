import type { Lang } from '../src/core/language';

/** What the bot keeps per user, across conversations. */
export interface UserProfile {
  /** A language the user asked for ("answer in Spanish"); wins over detection. */
  preferredLanguage?: Lang;
  /** The language of the user's last message, for messages that do not give theirs away. */
  lastLanguage?: Lang;
}
