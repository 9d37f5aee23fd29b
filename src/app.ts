import { ConversationState, MemoryStorage, UserState, type Storage } from 'botbuilder';
import { MainDialog } from '../dialogs/mainDialog';
import type { UserProfile } from '../dialogs/userProfile';
import { StatusBot } from './bot';
import { Assistant, type ConversationMemory } from './core/assistant';
import { getI18n } from './core/i18n';
import { RateLimiter, type RateLimit } from './core/rateLimiter';
import type { CampaignStore } from './data/types';
import type { CampaignRef } from './nlu/entities/campaignNames';
import { Recognizer } from './nlu/recognizer';

export interface BotServices {
  bot: StatusBot;
  recognizer: Recognizer;
  conversationState: ConversationState;
  userState: UserState;
}

export interface BotOptions {
  storage?: Storage;
  /** Campaign data; without it, contact and campaign questions are answered with "not available". */
  store?: CampaignStore;
  /** The campaigns' names, for the recognizer (refresh them with `recognizer.setCampaigns`). */
  campaigns?: readonly CampaignRef[];
  /** How many messages a user, or a conversation, may send in a window before the bot asks them to slow down. */
  rateLimit?: RateLimit;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { max: 20, windowMs: 10_000 };

/** Builds the bot and everything it stands on, for the server, the console and the tests alike. */
export function createBot(options: BotOptions = {}): BotServices {
  getI18n();
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const memory = conversationState.createProperty<ConversationMemory>('memory');
  const recognizer = new Recognizer({ campaigns: options.campaigns });
  const dialog = new MainDialog(new Assistant(options.store), memory, profile);
  const bot = new StatusBot(recognizer, dialog, conversationState, userState, profile, new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT));
  return { bot, recognizer, conversationState, userState };
}
