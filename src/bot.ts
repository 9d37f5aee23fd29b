import {
  TeamsActivityHandler,
  TurnContext,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/mainDialog';
import { RECOGNITION_KEY } from '../dialogs/turnInput';
import { rememberLanguage, type UserProfile } from '../dialogs/userProfile';
import { renderAnswer } from './render/renderAnswer';
import { RECOGNIZER_RESULT_TYPE, toRecognizerResult } from './channels/recognizerTrace';
import { MAX_MESSAGE_CHARS } from './config';
import type { Answer } from './core/answer';
import { busyAnswer, emptyInputAnswer, languageSwitchedAnswer, nonTextAnswer, rateLimitedAnswer, tooLongAnswer, welcomeAnswer } from './core/answers/generalAnswers';
import { langFromLocale, resolveLanguage, type Lang } from './domain/language';
import type { Recognition } from './domain/recognition';
import type { RateLimiter } from './core/rateLimiter';
import { cleanMarkup } from './nlu/normalize';
import type { Recognizer } from './nlu/recognizer';
import { logger } from './logging/logger';
import { KeyedLock } from './state/conversationLock';
import { ETagConflictError } from './state/stateStore';

/** The text a message carries: typed, or posted back by a card button (Web Chat sends a submit's data as `value`). */
function messageText(context: TurnContext): string | undefined {
  const { text, value } = context.activity;
  if (typeof text === 'string' && text.trim()) return text;
  if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  return typeof text === 'string' ? text : undefined;
}

/** The storage key of a turn's conversation or user state; none when the activity lacks the ids (it has no such state). */
function stateKey(state: ConversationState | UserState, context: TurnContext): string | undefined {
  try {
    return state.getStorageKey(context);
  } catch {
    return undefined;
  }
}

/**
 * The channel layer's bot: reads Teams and Web Chat activities, recognises each message once (and traces it on the
 * Emulator), hands the dialogs the result, and saves state after every turn.
 */
export class StatusBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly turns = new KeyedLock();

  constructor(
    private readonly recognizer: Recognizer,
    private readonly dialog: MainDialog,
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly rateLimiter: RateLimiter,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const { membersAdded = [], recipient, channelId } = context.activity;
      // Teams tells a personal chat about the bot's own arrival; other channels about the user's.
      const welcome = membersAdded.some((member) => member.id !== recipient?.id || channelId === 'msteams');
      if (welcome) await context.sendActivity(renderAnswer(welcomeAnswer(resolveLanguage({ locale: context.activity.locale }).language), context.activity));
      await next();
    });

    // The web chat page's language switch: remembered like "answer in Spanish", and confirmed in the new language.
    this.onEvent(async (context, next) => {
      const { name, value } = context.activity;
      const lang = name === 'webchat/language' && typeof value === 'string' ? langFromLocale(value) : undefined;
      if (lang) {
        await rememberLanguage(this.profile, context, lang);
        await context.sendActivity(renderAnswer(languageSwitchedAnswer(lang), context.activity));
      }
      await next();
    });
  }

  /**
   * One turn. Turns that share a conversation or a user (whose state all their conversations share) run one at a
   * time in this process, so they never read and write the same state at once.
   */
  async run(context: TurnContext): Promise<void> {
    const keys = [this.conversationState, this.userState].map((state) => stateKey(state, context)).filter((key): key is string => key !== undefined);
    await this.turns.run(keys, async () => {
      // a message reads both states: loaded together, they are read in one query (SqliteStorage batches a tick's reads)
      if (context.activity.type === 'message' && keys.length === 2) await Promise.all([this.conversationState.load(context), this.userState.load(context)]);
      await super.run(context);
      await this.saveState(context);
    });
  }

  /**
   * Saves the turn's state. When another process running this bot saved the same state since this turn read it (an
   * eTag conflict), that newer state is kept and this turn's changes are dropped. The replies are out already and
   * re-running the turn would repeat them, so the user is asked to send the message again. The two states are saved
   * at once: PostgreSQL sends both in one statement (one round trip and one commit for the turn).
   */
  private async saveState(context: TurnContext): Promise<void> {
    // both at once: independent writes (each compare-and-set on its own), which a store may send together
    const saved = await Promise.allSettled([this.conversationState, this.userState].map((state) => state.saveChanges(context, false)));
    const conflicts: string[] = [];
    for (const result of saved) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof ETagConflictError)) throw result.reason;
      conflicts.push(result.reason.key);
    }
    if (conflicts.length === 0) return;
    // the scopes, not the keys: ids come from the client and could carry anything
    const scopes = conflicts.map((key) => (key.includes('/users/') ? 'user' : 'conversation'));
    logger.warn({ event: 'state.conflict', scopes }, "Another turn saved this state first; this turn's changes are dropped and the user is asked again.");
    // in the language this turn answered in; a turn that read no message decides it as the README says
    const recognized = context.turnState.get(RECOGNITION_KEY) as Recognition | undefined;
    const profile = await this.profile.get(context, {});
    const lang = recognized?.language ?? resolveLanguage({ preferred: profile.preferredLanguage, locale: context.activity.locale, last: profile.lastLanguage }).language;
    await context.sendActivity(renderAnswer(busyAnswer(lang), context.activity));
  }

  /**
   * Invokes the bot does not handle get a 4xx, not the 501 the base class answers with; nor does a payload
   * botbuilder's Teams dispatch cannot read (a `fileConsent/invoke` without a value) fail the turn.
   */
  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    let response: InvokeResponse;
    try {
      response = await super.onInvokeActivity(context);
    } catch (err) {
      logger.warn({ event: 'invoke.unreadable', err }, 'An invoke whose value could not be read was refused.');
      return { status: 400, body: { error: 'The invoke value is not what its name calls for.' } };
    }
    return response.status === 501 ? { status: 400, body: { error: 'This bot does not handle this invoke.' } } : response;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    if (context.activity.channelId === 'msteams' && context.activity.recipient && typeof context.activity.text === 'string') {
      TurnContext.removeRecipientMention(context.activity);
    }
    const profile = await this.profile.get(context, {});
    // the answer language before the words are read (a refusal has none to read)
    const fallback = resolveLanguage({ preferred: profile.preferredLanguage, locale: context.activity.locale, last: profile.lastLanguage }).language;
    const { from, conversation, channelId } = context.activity;
    const pace = this.rateLimiter.check([`user:${channelId}:${from?.id}`, `conversation:${channelId}:${conversation?.id}`]);
    if (pace !== 'allow') {
      if (pace === 'refuse') await context.sendActivity(renderAnswer(rateLimitedAnswer(fallback), context.activity));
      return;
    }
    const text = messageText(context);
    const refusal = this.refuse(text, context, fallback);
    if (refusal) {
      await context.sendActivity(renderAnswer(refusal, context.activity));
      return;
    }
    const recognition = this.recognizer.recognize({
      text: text as string,
      locale: context.activity.locale,
      lastLanguage: profile.lastLanguage,
      preferredLanguage: profile.preferredLanguage,
    });
    await this.profile.set(context, { ...profile, lastLanguage: recognition.language });
    if (context.activity.channelId === 'emulator') {
      await context.sendTraceActivity('RecognizerResult', toRecognizerResult(recognition), RECOGNIZER_RESULT_TYPE, 'Recognizer');
    }
    context.turnState.set(RECOGNITION_KEY, recognition);
    await this.dialog.run(context, this.dialogState);
  }

  /** Messages the bot will not read: empty, too long, or with no text at all (an image, a file). */
  private refuse(text: string | undefined, context: TurnContext, lang: Lang): Answer | undefined {
    if (text === undefined) return (context.activity.attachments?.length ?? 0) > 0 ? nonTextAnswer(lang) : emptyInputAnswer(lang);
    if (!cleanMarkup(text)) return emptyInputAnswer(lang);
    if (text.length > MAX_MESSAGE_CHARS) return tooLongAnswer(lang, MAX_MESSAGE_CHARS);
    return undefined;
  }
}
