import { TestAdapter, type Activity, type Attachment } from 'botbuilder';
import { createBot, type BotOptions, type BotServices } from '../../src/app';
import type { CampaignRef } from '../../src/domain/recognition';
import { Recognizer } from '../../src/nlu/recognizer';
import { DEMO_CAMPAIGNS } from '../../src/data/demoCampaigns';

export interface Conversation {
  services: BotServices;
  /** Sends a message and returns the bot's message replies (traces left out). */
  say(text: string, extra?: Partial<Activity>): Promise<Partial<Activity>[]>;
  send(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
}


const recognizers = new Map<string, Recognizer>();

/** One trained recognizer per list of campaigns for the whole test run (training takes half a second each time). */
export function sharedRecognizer(campaigns: readonly CampaignRef[] = []): Recognizer {
  const key = JSON.stringify(campaigns);
  let recognizer = recognizers.get(key);
  if (!recognizer) recognizers.set(key, (recognizer = new Recognizer({ campaigns })));
  return recognizer;
}

/** createBot with a shared recognizer: a new bot and its state, without training again. */
export function testBot(options: BotOptions = {}): BotServices {
  return createBot({ ...options, recognizer: options.recognizer ?? sharedRecognizer(options.campaigns) });
}

let shared: BotServices | undefined;

/** One bot per test run; each conversation gets its own id, so state never leaks between tests. */
export function sharedBot(): BotServices {
  shared ??= testBot({ campaigns: DEMO_CAMPAIGNS });
  return shared;
}

let conversationCount = 0;

export function startConversation(options: { locale?: string; channelId?: string; services?: BotServices; userId?: string } = {}): Conversation {
  const services = options.services ?? sharedBot();
  conversationCount++;
  const adapter = new TestAdapter(async (context) => services.bot.run(context));
  const base: Partial<Activity> = {
    channelId: options.channelId ?? 'test',
    conversation: { id: `conversation-${conversationCount}-${Date.now()}`, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: options.userId ?? `user-${conversationCount}-${Date.now()}`, name: 'Tester' },
    recipient: { id: 'bot', name: 'Status bot' },
    locale: options.locale ?? 'en-US',
  };
  const send = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
    adapter.activeQueue.splice(0);
    await adapter.receiveActivity({ ...base, ...activity });
    return adapter.activeQueue.splice(0).filter((reply) => reply.type === 'message');
  };
  return {
    services,
    send,
    say: (text, extra = {}) => send({ type: 'message', text, ...extra }),
  };
}

export function cardOf(reply: Partial<Activity>): Record<string, unknown> | undefined {
  const attachment = reply.attachments?.find((a: Attachment) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as Record<string, unknown> | undefined;
}

export function buttonsOf(reply: Partial<Activity>): string[] {
  return (reply.suggestedActions?.actions ?? []).map((action) => String(action.title));
}

export function buttonValuesOf(reply: Partial<Activity>): string[] {
  return (reply.suggestedActions?.actions ?? []).map((action) => String(action.value));
}
