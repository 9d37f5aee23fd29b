import type { Activity } from 'botbuilder';
import { createAdapter, type AdapterOptions } from '../../src/adapter';
import { createBot, type BotOptions } from '../../src/app';
import { readConfig } from '../../src/config';
import { startServer, type RunningServer, type ServerParts } from '../../src/server';

/** The real restify server with the real adapter and bot, on a free loopback port. */
export async function startTestServer(
  env: NodeJS.ProcessEnv = {},
  options: BotOptions = {},
  adapterOptions: AdapterOptions = {},
  parts: Pick<ServerParts, 'listExport' | 'publicUrl' | 'ingest'> = {},
): Promise<RunningServer> {
  const config = readConfig({ PORT: '0', ...env });
  const { bot, conversationState } = createBot(options);
  const appId = config.authEnabled ? config.auth.MicrosoftAppId : undefined;
  return startServer({ adapter: createAdapter(config, conversationState, adapterOptions), bot, port: 0, host: '127.0.0.1', appId, ...parts });
}

let counter = 0;

export function messageActivity(text: string, overrides: Partial<Activity> = {}): Partial<Activity> {
  counter++;
  return {
    type: 'message',
    id: `activity-${counter}`,
    text,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    from: { id: `user-${counter}`, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: `http-conversation-${counter}` } as Activity['conversation'],
    locale: 'en-US',
    deliveryMode: 'expectReplies',
    ...overrides,
  };
}

export async function postActivity(baseUrl: string, activity: unknown): Promise<{ status: number; activities: Partial<Activity>[]; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const activities = (body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  return { status: response.status, activities, body };
}

/** The words of a card: every TextBlock's text, and each fact as "title: value", one per line. */
export function cardWords(activity: Partial<Activity>): string {
  const words: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const item = node as Record<string, unknown>;
    if (item.type === 'TextBlock' && typeof item.text === 'string') words.push(item.text);
    if (item.type === 'FactSet' && Array.isArray(item.facts)) for (const fact of item.facts as { title: string; value: string }[]) words.push(`${fact.title}: ${fact.value}`);
    for (const value of Object.values(item)) if (typeof value === 'object') walk(value);
  };
  for (const attachment of activity.attachments ?? []) walk(attachment.content);
  return words.join('\n');
}

/** What a person reads of a message: its text (the lead sentence where the card shows), then the card's words. */
export function readableText(activity: Partial<Activity>): string {
  return [activity.text ?? '', cardWords(activity)].filter(Boolean).join('\n\n');
}
