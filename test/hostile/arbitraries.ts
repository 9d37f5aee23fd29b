/** fast-check generators of hostile input for the fuzz test: odd text, junk values, activities and request bodies. */
import { ActivityTypes } from 'botbuilder';
import fc from 'fast-check';
import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS } from '../../src/config';

/** Characters that break naive text handling, and words the bot reacts to. */
const ODD_PIECES = [
  '\u200f', '\u200e', '\u202e', '\u2066', '\u200b', '\u200d', '\ufeff', '\u00ad', // RTL/LTR marks, overrides, zero-width, BOM, soft hyphen
  '\ud83d', '\ude00', '\udfff\ud800', // lone surrogates
  '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇪🇸', // emoji with modifiers, ZWJ sequences, flags
  'e\u0301', 'n\u0303', 'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357', // combining marks
  '\u0000', '\u0007', '\r\n', '\t', '\u2028', // controls and separators
  'ß', 'İ', 'ǅ', 'ﬁ', '٣', '５', 'Ⅻ', 'Ж', '中', 'ال', // case and digit oddities
  '<at>', '</at>', '<at>Campaign Status</at>', '&amp;', '<script>alert(1)</script>', '**', '`', '{{x}}', '${x}', '%s', '\\',
  'busy', 'ocupado', 'C-1', 'contacto 4', '+1 (555) 010-0001', '555 010 0003', 'Alpha Renewals', 'Cobranza Beta', 'planned', '2', '¿', '?',
  ' ', '  ',
];

export const oddText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...ODD_PIECES), maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 40 }),
);

/** Long texts around the message limit (2,000 characters) and the body limit (256 KB), in 1- to 4-byte characters. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(MAX_MESSAGE_CHARS - 1, MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS + 1, 5_000, 60_000, MAX_BODY_BYTES - 2_000, MAX_BODY_BYTES + 100),
    fc.constantFrom('x', 'busy ', 'ñ', '👍', '\u200f', 'e\u0301'),
  )
  .map(([length, piece]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Anything JSON can carry: numbers, null, arrays, nested objects. */
export const junk: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 });

/** Mostly `valid`, sometimes odd text, sometimes junk of another type, sometimes missing (undefined). */
export function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | string | unknown> {
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 2, arbitrary: oddText }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** Ids as channels send them (ASCII, often structured), and odd ones: empty, control characters, unicode. */
function idOf(wellFormed: boolean): fc.Arbitrary<string> {
  const usual = fc.oneof(
    fc.constantFrom('u1', 'u2', '29:teams-user', 'a:1Xy-conversation', '19:channel@thread.tacv2', 'dl_user', 'bot'),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).filter((t) => t.trim() !== ''),
  );
  return wellFormed ? usual : fc.oneof({ weight: 6, arbitrary: usual }, { weight: 1, arbitrary: fc.constant('') }, { weight: 2, arbitrary: oddText });
}

/** In a well-formed activity a field has its schema type (with odd content) or is missing; otherwise anything goes. */
function field<T>(valid: fc.Arbitrary<T>, wellFormed: boolean): fc.Arbitrary<T | string | unknown> {
  return wellFormed ? fc.option(valid, { nil: undefined }) : mostly(valid);
}

export const BOT_ID = 'bot';

function account(wellFormed: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      id: idOf(wellFormed),
      name: field(fc.oneof(fc.constantFrom('User', 'Ann Able', ''), oddText), wellFormed),
      role: field(fc.constantFrom('user', 'bot'), wellFormed),
      aadObjectId: field(fc.uuid(), wellFormed),
    },
    { requiredKeys: ['id'] },
  );
}

function conversationAccount(wellFormed: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      id: idOf(wellFormed),
      isGroup: field(fc.boolean(), wellFormed),
      conversationType: field(fc.constantFrom('personal', 'groupChat', 'channel'), wellFormed),
      tenantId: field(fc.uuid(), wellFormed),
      name: field(oddText, wellFormed),
    },
    { requiredKeys: ['id'] },
  );
}

/** A Teams mention, or another entity; in a well-formed activity every entity at least has a string type. */
const mention = (wellFormed: boolean): fc.Arbitrary<Record<string, unknown>> => fc.record(
  {
    type: wellFormed ? fc.oneof(fc.constantFrom('mention', 'Mention', 'clientInfo'), oddText) : mostly(fc.constantFrom('mention', 'Mention', 'clientInfo')),
    text: mostly(fc.constantFrom('<at>Campaign Status</at>', '<at></at>', '', '<at>')),
    mentioned: mostly(fc.record({ id: mostly(fc.constantFrom(BOT_ID, 'someone')), name: mostly(oddText) }, { requiredKeys: [] })),
  },
  { requiredKeys: wellFormed ? ['type'] : [] },
);

const attachment = fc.record(
  {
    contentType: mostly(fc.constantFrom('image/png', 'application/vnd.microsoft.card.adaptive', 'text/html', 'application/vnd.microsoft.teams.file.download.info')),
    contentUrl: mostly(fc.constantFrom('https://example.com/x.png', 'javascript:alert(1)', 'data:,x')),
    content: junk,
    name: mostly(oddText),
  },
  { requiredKeys: [] },
);

const ACTIVITY_TYPES = [...Object.values(ActivityTypes), 'bogus', 'MESSAGE', ''];
const INVOKE_NAMES = [
  'composeExtension/query', 'composeExtension/submitAction', 'composeExtension/fetchTask', 'composeExtension/queryLink', 'composeExtension/selectItem',
  'task/fetch', 'task/submit', 'tab/fetch', 'tab/submit', 'config/fetch', 'config/submit', 'signin/verifyState', 'signin/tokenExchange',
  'adaptiveCard/action', 'fileConsent/invoke', 'actionableMessage/executeAction', 'application/search', 'healthCheck', 'webchat/language', 'handoff/action', '',
];
const TEAMS_EVENT_TYPES = ['teamMemberAdded', 'teamMemberRemoved', 'channelCreated', 'channelRenamed', 'teamRenamed', 'teamArchived', 'channelDeleted', 'teamDeleted'];

const channelData = fc.oneof(
  fc.record(
    {
      eventType: mostly(fc.constantFrom(...TEAMS_EVENT_TYPES)),
      tenant: mostly(fc.record({ id: mostly(fc.uuid()) })),
      team: junk,
      channel: junk,
      clientActivityID: mostly(fc.string()),
      postBack: mostly(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
  junk,
);

/** The value of a message, an event or an invoke: a card's submit data, a language, junk. */
const value = fc.oneof(
  fc.record({ text: mostly(oddText) }, { requiredKeys: [] }),
  fc.constantFrom('en', 'es', 'es-MX', 'fr', ''),
  fc.record({ commandId: mostly(fc.string()), parameters: junk, queryOptions: junk, data: junk, action: junk, state: junk }, { requiredKeys: [] }),
  junk,
);

export interface FuzzOptions {
  /** Where replies in normal delivery go: a sink that takes them (the fuzz is not about the channel). */
  serviceUrl: string;
}

/**
 * A Bot Framework activity. Well-formed: every field the schema types has its type (or is missing), with odd
 * content, junk inside arrays and objects, every activity type, channel and delivery mode, so it reaches the bot.
 * Otherwise every field may also be odd text, of another type, or missing, so it mostly stops at the 400.
 */
export function activity({ serviceUrl }: FuzzOptions, wellFormed: boolean): fc.Arbitrary<Record<string, unknown>> {
  const f = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | string | unknown> => field(valid, wellFormed);
  const required = <T>(valid: fc.Arbitrary<T>, junkWeight = 1): fc.Arbitrary<T | unknown> =>
    wellFormed ? valid : fc.oneof({ weight: 20, arbitrary: valid }, { weight: junkWeight, arbitrary: junk });
  return fc.record(
    {
      type: wellFormed ? fc.constantFrom(...ACTIVITY_TYPES.filter((t) => t !== '')) : mostly(fc.constantFrom(...ACTIVITY_TYPES)),
      id: f(fc.uuid()),
      text: fc.oneof({ weight: 10, arbitrary: oddText }, { weight: 1, arbitrary: hugeText }, { weight: 1, arbitrary: junk }),
      textFormat: f(fc.constantFrom('plain', 'markdown', 'xml')),
      channelId: required(fc.constantFrom('msteams', 'emulator', 'webchat', 'directline', 'test', 'slack')),
      serviceUrl: wellFormed ? fc.constant(serviceUrl) : fc.oneof({ weight: 20, arbitrary: fc.constant(serviceUrl) }, { weight: 1, arbitrary: fc.constantFrom('not a url', '', 'javascript:alert(1)', 'file:///etc/passwd') }, { weight: 1, arbitrary: junk }),
      from: required(account(wellFormed)),
      recipient: f(fc.record({ id: fc.constantFrom(BOT_ID, '28:bot-id'), name: fc.constantFrom('Campaign Status', '') })),
      conversation: required(conversationAccount(wellFormed)),
      locale: f(fc.oneof(fc.constantFrom('en-US', 'es-ES', 'es', 'fr-FR', 'xx', 'en-US-x-private-very-long-tag', ''), oddText)),
      deliveryMode: wellFormed ? fc.constantFrom('expectReplies', 'expectReplies', 'normal', undefined) : fc.oneof(fc.constantFrom('expectReplies', 'normal', 'notification', 'ephemeral', 'stream'), oddText, junk),
      name: f(fc.oneof(fc.constantFrom(...INVOKE_NAMES), oddText)),
      value,
      entities: f(fc.array(wellFormed ? mention(true) : fc.oneof(mention(false), junk), { maxLength: 4 })),
      attachments: f(fc.array(fc.oneof(attachment, junk), { maxLength: 3 })),
      channelData,
      membersAdded: f(fc.array(wellFormed ? account(true) : fc.oneof(account(false), junk), { maxLength: 3 })),
      membersRemoved: f(fc.array(wellFormed ? account(true) : fc.oneof(account(false), junk), { maxLength: 2 })),
      replyToId: f(fc.uuid()),
      timestamp: mostly(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      localTimezone: mostly(fc.constantFrom('America/New_York', 'Nowhere/Junk')),
      suggestedActions: junk,
      reactionsAdded: f(fc.array(junk, { maxLength: 2 })),
      action: mostly(fc.constantFrom('add', 'remove')),
    },
    { requiredKeys: wellFormed ? ['type', 'channelId', 'from', 'conversation', 'serviceUrl'] : [] },
  );
}

/** A request body as bytes on the wire: an activity, junk JSON, broken JSON, with a sensible or odd content type. */
export function body(options: FuzzOptions): fc.Arbitrary<{ text: string; contentType?: string }> {
  const json = (value: unknown): string => JSON.stringify(value) ?? 'null';
  return fc.oneof(
    { weight: 10, arbitrary: activity(options, false).map((a) => ({ text: json(a), contentType: 'application/json' })) },
    { weight: 2, arbitrary: junk.map((v) => ({ text: json(v), contentType: 'application/json' })) },
    {
      weight: 2,
      arbitrary: fc.tuple(activity(options, true), fc.nat()).map(([a, cut]) => {
        const text = json(a);
        return { text: text.slice(0, cut % Math.max(1, text.length)), contentType: 'application/json' };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(oddText, fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data', 'application/xml', '*/*')).map(([text, contentType]) => ({
        text,
        contentType,
      })),
    },
  );
}

/** encodeURIComponent, which throws on a lone surrogate: those become U+FFFD first. */
export function encodeText(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

/** Direct Line watermarks: numbers, signs, exponents, huge, empty, broken percent-encoding. */
export const watermark: fc.Arbitrary<string> = fc.oneof(
  fc.nat().map(String),
  fc.integer({ min: -1000, max: -1 }).map(String),
  fc.constantFrom('', '-1', '1e3', 'NaN', 'Infinity', '99999999999999999999', '0x10', ' 1', '1 ', '%00', '%ZZ', '%E0%A4%A', '١٢', '0'.repeat(30)),
  oddText.map(encodeText),
);

/** A path segment as a client might send it: ids, junk, dots, broken percent-encoding. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).map(encodeText),
  fc.constantFrom('..', '.', '%00', '%ZZ', '%E0%A4%A', '%2F', 'a%2Fb', '~', 'x'.repeat(2000)),
  oddText.filter((t) => t.length > 0).map(encodeText),
);

/** Authorization headers: none, not bearer, garbage tokens, a JWT for nobody. */
export const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJjb252IjoieCJ9.', 'bearer  x  '),
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((t) => `Bearer ${t}`),
);
