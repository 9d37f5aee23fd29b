import { ConversationState, MemoryStorage, UserState, type Storage } from 'botbuilder';
import { MainDialog } from '../dialogs/mainDialog';
import type { UserProfile } from '../dialogs/userProfile';
import { listsEmails } from './access/accessControl';
import { MemoryAuditLog, type AuditLog } from './access/auditLog';
import { OPEN_POLICY, type AccessPolicy } from './access/roles';
import { StatusBot } from './bot';
import type { MemberIdsLookup } from './channels/teams/memberIds';
import { ViewerSource } from './channels/viewerSource';
import { Assistant } from './core/assistant';
import type { ConversationMemory } from './core/reply';
import type { AlertSubscriptions } from './core/alerts/subscriptions';
import type { LearnerDirectory } from './core/course/learnerProgress';
import { getI18n } from './content/i18n';
import { RateLimiter, type RateLimit } from './core/rateLimiter';
import type { CampaignStore } from './data/campaignStore';
import type { ListQueries } from './data/lists';
import type { ExportLinks } from './access/exportLinks';
import type { CampaignRef } from './domain/recognition';
import { Recognizer } from './nlu/recognizer';
import { MemoryLearnerDirectory } from './state/learnerDirectory';

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
  /** A recognizer already trained (training takes half a second), with its own campaigns: the tests share a few. */
  recognizer?: Recognizer;
  /** How many messages a user, or a conversation, may send in a window before the bot asks them to slow down. */
  rateLimit?: RateLimit;
  /** Who may see which campaign's data; without it everyone sees everything (the local demo's open mode). */
  access?: AccessPolicy;
  /** Where every contact and campaign lookup is put on record; without it, in memory. */
  audit?: AuditLog;
  /** How a Teams user's email is found (Teams' member API unless a test says otherwise). */
  teamsMemberIds?: MemberIdsLookup;
  /** Who has started the course, for supervisors' progress questions; without it, read from the in-memory storage. */
  learners?: LearnerDirectory;
  /** Contact and campaign lists; without them, the store's own when it has them (SQLite). */
  lists?: ListQueries;
  /** Signs the lists' CSV links; without it, lists offer no download. */
  links?: ExportLinks;
  /** Where alert subscriptions are kept; without it, alert requests get a polite "not available here". */
  alerts?: AlertSubscriptions;
}

/** The store's list queries, when it is one that has them. */
export function listQueriesOf(store: CampaignStore | undefined): ListQueries | undefined {
  const withLists = store as (CampaignStore & { listQueries?: () => ListQueries }) | undefined;
  return typeof withLists?.listQueries === 'function' ? withLists.listQueries() : undefined;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { max: 20, windowMs: 10_000 };

/** Builds the bot and everything it stands on, for the server, the console and the tests alike. */
export function createBot(options: BotOptions = {}): BotServices {
  getI18n();
  // MemoryStorage keeps its items in the object it is given: the course's learner directory reads them there
  const memoryItems: Record<string, string> = {};
  const storage = options.storage ?? new MemoryStorage(memoryItems);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<UserProfile>('profile');
  const memory = conversationState.createProperty<ConversationMemory>('memory');
  const recognizer = options.recognizer ?? new Recognizer({ campaigns: options.campaigns });
  const access = options.access ?? OPEN_POLICY;
  const viewers = new ViewerSource({ teamsEmails: listsEmails(access), lookup: options.teamsMemberIds });
  const audit = options.audit ?? new MemoryAuditLog();
  const learners = options.learners ?? new MemoryLearnerDirectory(memoryItems);
  const dialog = new MainDialog(new Assistant(options.store, { policy: access, audit, lists: options.lists ?? listQueriesOf(options.store), links: options.links, alerts: options.alerts }), memory, profile, viewers, { learners, policy: access, audit });
  const bot = new StatusBot(recognizer, dialog, conversationState, userState, profile, new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT));
  return { bot, recognizer, conversationState, userState };
}
