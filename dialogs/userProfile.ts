import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { CourseProgress } from '../src/core/course/courseProgress';
import type { Lang } from '../src/domain/language';

/** What the bot keeps per user, across conversations. */
export interface UserProfile {
  /** A language the user asked for ("answer in Spanish"); wins over detection. */
  preferredLanguage?: Lang;
  /** The language of the user's last message, for messages that do not give theirs away. */
  lastLanguage?: Lang;
  /** Where they are in the onboarding course, and their answers (checked with isUsableProgress before use). */
  course?: CourseProgress;
}

/** The user asked for a language ("answer in Spanish", the web page's switch): it wins over detection from now on. */
export async function rememberLanguage(profile: StatePropertyAccessor<UserProfile>, context: TurnContext, lang: Lang): Promise<void> {
  const current = await profile.get(context, {});
  await profile.set(context, { ...current, preferredLanguage: lang, lastLanguage: lang });
}
