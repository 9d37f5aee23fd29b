/**
 * What the Bot Framework endpoint checks before botbuilder sees a body. CloudAdapter answers 500 to some malformed
 * activities (a `serviceUrl` that is not a string, say), and the turns of others fail on a missing id (`channelId`,
 * `conversation.id`) or hang on a reply to an empty `serviceUrl`: all of them are the client's mistake, so they get a 400.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Ids end up in storage keys, and conversation.id in a header of the reply. */
const ID = /^[^\u0000-\u001f\u007f]{1,1024}$/;
/** What an HTTP header may carry: the reply to a channel sends the conversation id as `x-ms-conversation-id`. */
const HEADER_SAFE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
/** Half of a surrogate pair alone: encodeURIComponent throws on it (the reply's URL holds the activity id). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function httpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

type Kind = 'string' | 'boolean' | 'array';

/**
 * Fields of the schema whose type the bot or botbuilder rely on: the handlers iterate the arrays, and a reply copies
 * the ids, names and conversation flags, which the connector's serializer refuses when they have the wrong type.
 */
const TYPED_FIELDS: readonly [path: string, kind: Kind][] = [
  ['id', 'string'], ['replyToId', 'string'], ['locale', 'string'], ['name', 'string'],
  ['membersAdded', 'array'], ['membersRemoved', 'array'], ['entities', 'array'], ['attachments', 'array'], ['reactionsAdded', 'array'], ['reactionsRemoved', 'array'],
  ['from.name', 'string'], ['from.role', 'string'], ['from.aadObjectId', 'string'],
  ['recipient.id', 'string'], ['recipient.name', 'string'], ['recipient.role', 'string'], ['recipient.aadObjectId', 'string'],
  ['conversation.name', 'string'], ['conversation.isGroup', 'boolean'], ['conversation.conversationType', 'string'], ['conversation.tenantId', 'string'],
  ['conversation.role', 'string'], ['conversation.aadObjectId', 'string'],
];

function fieldAt(body: Record<string, unknown>, path: string): unknown {
  const [first, second] = path.split('.') as [string, string | undefined];
  const value = body[first];
  return second === undefined ? value : isRecord(value) ? value[second] : undefined;
}

const hasKind = (value: unknown, kind: Kind): boolean => (kind === 'array' ? Array.isArray(value) : typeof value === kind);

/** Items the handlers dereference: an entity's `type` (mention removal), a member's `id` (the welcome). */
const ITEM_KEYS: readonly [list: string, key: string][] = [
  ['entities', 'type'],
  ['membersAdded', 'id'],
  ['membersRemoved', 'id'],
];

/** Teams activities whose dispatch in botbuilder's TeamsActivityHandler reads `channelData.eventType` unguarded. */
const TEAMS_TYPES_WITH_CHANNEL_DATA = new Set(['conversationUpdate', 'messageUpdate', 'messageDelete']);

/** Why the body is no activity botbuilder can take; undefined when it is one. */
export function activityProblem(body: unknown): string | undefined {
  if (!isRecord(body)) return 'The body must be a Bot Framework activity: a JSON object with type, channelId, from.id and conversation.id.';
  const { type, channelId, from, conversation, recipient, serviceUrl, deliveryMode } = body;
  if (typeof type !== 'string' || type === '') return '"type" must be a non-empty string.';
  if (typeof channelId !== 'string' || !ID.test(channelId)) return '"channelId" must be a non-empty string without control characters.';
  if (!isRecord(from) || typeof from.id !== 'string' || !ID.test(from.id)) return '"from.id" must be a non-empty string without control characters.';
  if (!isRecord(conversation) || typeof conversation.id !== 'string' || !ID.test(conversation.id)) return '"conversation.id" must be a non-empty string without control characters.';
  if (recipient !== undefined && recipient !== null && !isRecord(recipient)) return '"recipient" must be an object.';
  if (serviceUrl !== undefined && serviceUrl !== null && typeof serviceUrl !== 'string') return '"serviceUrl" must be a string.';
  for (const [path, kind] of TYPED_FIELDS) {
    const value = fieldAt(body, path);
    if (value !== undefined && value !== null && !hasKind(value, kind)) return `"${path}" must be ${kind === 'array' ? 'an array' : `a ${kind}`}.`;
  }
  for (const [list, key] of ITEM_KEYS) {
    const items = body[list];
    if (Array.isArray(items) && !items.every((item) => isRecord(item) && typeof item[key] === 'string')) return `Every item of "${list}" must be an object with a string "${key}".`;
  }
  if (channelId === 'msteams' && TEAMS_TYPES_WITH_CHANNEL_DATA.has(type) && !isRecord(body.channelData)) return '"channelData" must be an object on this Teams activity.';
  // removing the bot's @mention reads each mention's `mentioned.id`
  const mentions = Array.isArray(body.entities) ? body.entities.filter((e) => isRecord(e) && String(e.type).toLowerCase() === 'mention') : [];
  if (!mentions.every((m) => isRecord(m) && isRecord(m.mentioned))) return 'A mention entity must name who is mentioned ("mentioned": an object).';
  if (deliveryMode !== 'expectReplies') {
    // the replies go back to serviceUrl, with the conversation id in a header
    if (!httpUrl(serviceUrl)) return '"serviceUrl" must be the channel\'s http(s) URL, where the replies go (or ask for "deliveryMode": "expectReplies").';
    if (!HEADER_SAFE.test(conversation.id)) return '"conversation.id" cannot be sent back to the channel (characters beyond Latin-1).';
    if (typeof body.id === 'string' && LONE_SURROGATE.test(body.id)) return '"id" cannot be sent back to the channel (a lone surrogate).';
  }
  return undefined;
}
