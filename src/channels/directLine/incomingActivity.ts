import type { Activity, ChannelAccount } from 'botbuilder';
import type { Conversation } from './conversationLog';
import { WEBCHAT_CHANNEL_ID } from './directLineAdapter';

export const ACCEPTED_TYPES = ['message', 'event', 'typing'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

/** What a client may set on an activity it posts; the server sets the rest (id, from, conversation, channel...). */
export interface ClientActivity {
  type: AcceptedType;
  text?: string;
  textFormat?: string;
  locale?: string;
  name?: string;
  value?: unknown;
  channelData?: Record<string, unknown>;
  attachments?: Activity['attachments'];
  entities?: Activity['entities'];
  localTimezone?: string;
  fromName?: string;
}

export type ClientActivityCheck = { ok: true; activity: ClientActivity } | { ok: false; message: string };

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/;

export function validLocale(value: unknown): string | undefined {
  return typeof value === 'string' && LOCALE.test(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined | false {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : false;
}

/** Checks a posted body and keeps only what a client may set. */
export function readClientActivity(body: unknown): ClientActivityCheck {
  if (!isRecord(body)) return { ok: false, message: 'The body must be a JSON object (an activity).' };
  const { type } = body;
  if (typeof type !== 'string' || !(ACCEPTED_TYPES as readonly string[]).includes(type)) {
    return { ok: false, message: `The activity type must be one of ${ACCEPTED_TYPES.join(', ')}.` };
  }
  const strings: Record<string, string | undefined> = {};
  for (const key of ['text', 'textFormat', 'name', 'localTimezone']) {
    const value = optionalString(body, key);
    if (value === false) return { ok: false, message: `"${key}" must be a string.` };
    strings[key] = value;
  }
  const { channelData, attachments, entities, from } = body;
  if (channelData !== undefined && channelData !== null && !isRecord(channelData)) return { ok: false, message: '"channelData" must be an object.' };
  if (attachments !== undefined && attachments !== null && !Array.isArray(attachments)) return { ok: false, message: '"attachments" must be an array.' };
  if (entities !== undefined && entities !== null && !Array.isArray(entities)) return { ok: false, message: '"entities" must be an array.' };
  const fromName = isRecord(from) && typeof from.name === 'string' ? from.name.slice(0, 100) : undefined;
  return {
    ok: true,
    activity: {
      type: type as AcceptedType,
      text: strings.text,
      textFormat: strings.textFormat,
      locale: validLocale(body.locale),
      name: strings.name,
      value: body.value,
      channelData: channelData ?? undefined,
      attachments: (attachments as Activity['attachments'] | null) ?? undefined,
      entities: (entities as Activity['entities'] | null) ?? undefined,
      localTimezone: strings.localTimezone,
      fromName,
    },
  };
}

/** The activity as the conversation records it and the bot receives it: the user from the token, our channel and server. */
export function toChannelActivity(client: Omit<ClientActivity, 'type'> & { type: string }, conversation: Conversation, bot: ChannelAccount, extra: Partial<Activity> = {}): Partial<Activity> {
  const { fromName, ...fields } = client;
  const activity: Partial<Activity> = {
    ...fields,
    channelId: WEBCHAT_CHANNEL_ID,
    serviceUrl: conversation.serviceUrl,
    conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: conversation.userId, name: fromName ?? '', role: 'user' },
    recipient: { ...bot, role: 'bot' },
    locale: client.locale ?? conversation.locale,
    timestamp: new Date(),
    ...extra,
  };
  for (const key of Object.keys(activity) as (keyof Activity)[]) if (activity[key] === undefined) delete activity[key];
  return activity;
}
