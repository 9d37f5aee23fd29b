import { filterKey, parseFilterKey, type ContactFilter, type ContactListQuery, type ListQueries } from '../data/lists';
import type { Campaign, ContactStatus } from '../data/types';
import { editDistance } from '../domain/editDistance';
import type { Lang } from '../domain/language';
import type { Recognition } from '../domain/recognition';
import { ATTEMPT_RESULTS, CAMPAIGN_STATUSES, type StatusKey } from '../domain/statusKeys';
import type { Viewer } from '../access/viewer';
import { guestAnswer } from './answers/accessAnswers';
import { noDataAnswer } from './answers/generalAnswers';
import {
  campaignListAnswer,
  campaignChoiceAnswer,
  contactListAnswer,
  listEndAnswer,
  noContactMatchAnswer,
  PAGE_SIZE,
  rankCampaigns,
  whichContactsAnswer,
  type CampaignRanking,
} from './answers/listAnswers';
import { contactReply, Lookup, type DataAccess } from './dataReplies';
import type { ConversationMemory, ListPlace, Reply } from './reply';
import { statusEntry } from '../content/knowledgeBase';

/** Folded text: lower case, no accents, no punctuation. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}\s-]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

const MORE = /^(?:(?:show|see|give me|mostrar|muestrame|muestra|ver|dame)\s+)?(?:(?:the\s+|los\s+)?(?:\d+\s+)?(?:more|next|mas|siguientes|otros)(?:\s+\d+)?)(?:\s+(?:please|por favor|contacts|contactos))?$/;

/** "Show 10 more", "next", "más", "los siguientes". */
export function asksForMore(text: string): boolean {
  return MORE.test(fold(text));
}

const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, last: -1,
  '1st': 1, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5, '6th': 6, '7th': 7, '8th': 8, '9th': 9, '10th': 10,
  primero: 1, primera: 1, primer: 1, segundo: 2, segunda: 2, tercero: 3, tercera: 3, tercer: 3, cuarto: 4, cuarta: 4, quinto: 5,
  quinta: 5, sexto: 6, sexta: 6, septimo: 7, septima: 7, octavo: 8, octava: 8, noveno: 9, novena: 9, decimo: 10, decima: 10,
  ultimo: -1, ultima: -1,
};

/** "the second one", "el tercero", "open the 4th": the position on the page (1-based; -1 the last), in a short message. */
export function ordinalIn(text: string): number | undefined {
  const words = fold(text).split(' ');
  if (words.length > 6) return undefined;
  for (const word of words) if (word in ORDINALS) return ORDINALS[word];
  return undefined;
}

/** "and the bad ones?", "y en Cobranza Marzo?": a message that carries on from the last answer. */
function continues(recognition: Recognition): boolean {
  return /^(and|y|e)\b/.test(fold(recognition.text)) || recognition.followUp;
}

const CONTACT_STATUSES: readonly ContactStatus[] = ['new', ...ATTEMPT_RESULTS];

/** The contacts a list question asks for: a condition, else a contact status, else nothing said. */
export function contactFilterOf(recognition: Recognition): ContactFilter | undefined {
  const { list, status } = recognition.entities;
  for (const condition of list.conditions) {
    if (condition === 'min_calls' && list.minCalls !== undefined) return { kind: 'min_calls', minCalls: list.minCalls };
    if (condition !== 'min_calls') return { kind: condition };
  }
  for (const key of status) {
    if (key === 'bad_connection') return { kind: 'flagged_bad' };
    if (key === 'not_dialed') return { kind: 'never_called' };
    if (key === 'completed_without_answer') return { kind: 'no_attempts_left' };
    if ((CONTACT_STATUSES as readonly string[]).includes(key)) return { kind: 'status', status: key as ContactStatus };
  }
  return undefined;
}

/** A campaign named in the words that is none the bot knows ("in Fall Promo"), when no known campaign was named. */
export function unknownCampaignIn(recognition: Recognition): string | undefined {
  if (recognition.campaigns.length > 0) return undefined;
  const match = /\b(?:in|of|for|en|de|para)\s+(?:the\s+|la\s+|el\s+)?(\p{Lu}[\p{L}\d]*(?:\s+(?:de\s+)?[\p{Lu}\d][\p{L}\d]*)*)/u.exec(recognition.text);
  if (!match) return undefined;
  const named = fold(match[1]!);
  const statusWords = recognition.entities.status.flatMap((key) => [statusEntry(key, 'en').title, statusEntry(key, 'es').title]).map(fold);
  if (statusWords.some((title) => named.includes(title) || title.includes(named))) return undefined;
  if (CONTACT_STATUSES.some((key) => fold(statusEntry(key, recognition.language).title) === named)) return undefined;
  return match[1];
}

/** The viewer's campaigns closest to a name that matched none. */
function closestCampaigns(name: string, campaigns: readonly Campaign[]): Campaign[] {
  const typed = fold(name);
  return [...campaigns].sort((a, b) => editDistance(typed, fold(a.name)) - editDistance(typed, fold(b.name))).slice(0, 4);
}

interface ListScope {
  campaignIds: string[];
  campaign?: Campaign;
}

/** The lists' parts of the data access, or the reason a list cannot be given. */
function listParts(data: DataAccess, lookup: Lookup, lang: Lang, memory: ConversationMemory): { lists: ListQueries } | { reply: Reply } {
  if (!lookup.mayLook) return { reply: { answers: [guestAnswer(lang)], memory } };
  if (!data.store || !data.lists) return { reply: { answers: [noDataAnswer(lang, 'campaign')], memory } };
  return { lists: data.lists };
}

/** The campaign a list names, checked against access; a campaign the viewer may not see reads as one that does not exist. */
async function scopeOf(
  data: DataAccess,
  lookup: Lookup,
  recognition: Recognition,
  filter: ContactFilter | undefined,
  fallback: string | undefined,
  memory: ConversationMemory,
): Promise<ListScope | { reply: Reply }> {
  const lang = recognition.language;
  const store = data.store!;
  const visible = await lookup.visibleCampaigns(store);
  const named = recognition.campaigns[0];
  const unknown = unknownCampaignIn(recognition);
  const target = named?.id ?? fallback;
  if (target) {
    const campaign = await store.findCampaign(target);
    if (campaign && lookup.allows(campaign)) return { campaignIds: [campaign.id], campaign };
    await lookup.record(campaign?.id ?? target, campaign ? 'refused' : 'not_found');
    const asked = named?.name ?? target;
    return { reply: { answers: [campaignChoiceAnswer(closestCampaigns(asked, visible), filter, lang)], memory } };
  }
  if (unknown) {
    await lookup.record(unknown, 'not_found');
    return { reply: { answers: [campaignChoiceAnswer(closestCampaigns(unknown, visible), filter, lang)], memory } };
  }
  return { campaignIds: visible.map((c) => c.id) };
}

const NEAREST: readonly ('flagged_bad' | 'no_attempts_left' | 'never_called')[] = ['flagged_bad', 'no_attempts_left', 'never_called'];

/** One page of a contact list, with the place kept in memory for Show 10 more and "the second one". */
async function contactListPage(
  data: DataAccess,
  lists: ListQueries,
  lookup: Lookup,
  scope: ListScope,
  filter: ContactFilter,
  offset: number,
  lang: Lang,
  memory: ConversationMemory,
): Promise<Reply> {
  const query: ContactListQuery = { campaignIds: scope.campaignIds, filter };
  const page = await lists.contactPage(query, offset, PAGE_SIZE);
  const key = filterKey(filter);
  await lookup.record(scope.campaign?.id ?? '*', 'allowed', undefined, { filter: key, rows: page.rows.length });
  const place: ListPlace = { campaignIds: scope.campaignIds, campaign: scope.campaign?.id, filter: key, offset, ids: page.rows.map((row) => row.id) };
  const next = { ...memory, lastList: place, ...(scope.campaign ? { lastCampaign: scope.campaign.id } : {}) };
  if (page.matching === 0) {
    const counts = await Promise.all(NEAREST.filter((kind) => kind !== filter.kind).map(async (kind) => ({ kind, n: (await lists.contactPage({ ...query, filter: { kind } }, 0, 0)).matching })));
    const nearest = counts.filter((c) => c.n > 0).map((c) => c.kind).slice(0, 2);
    return { answers: [noContactMatchAnswer({ page, filter, campaign: scope.campaign }, nearest, lang)], memory: next };
  }
  if (offset >= page.matching) return { answers: [listEndAnswer(page.matching, lang)], memory: next };
  const download = data.links?.link({ viewer: lookup.viewer, campaignIds: scope.campaignIds, filter: key, lang });
  return { answers: [contactListAnswer({ page, filter, campaign: scope.campaign, download }, lang)], memory: next };
}

/**
 * "Which contacts in Spring Renewals are flagged bad?", "who hasn't been called yet", "and the bad ones?" (after a
 * campaign answer): the contacts of one campaign, or of every campaign the viewer may see, that match.
 */
export async function contactListReply(data: DataAccess, recognition: Recognition, memory: ConversationMemory, viewer: Viewer): Promise<Reply> {
  const lang = recognition.language;
  const lookup = new Lookup(data, viewer, 'contact.list');
  const parts = listParts(data, lookup, lang, memory);
  if ('reply' in parts) return parts.reply;
  const carriesOn = continues(recognition);
  const filter = contactFilterOf(recognition) ?? (carriesOn && memory.lastList ? parseFilterKey(memory.lastList.filter) ?? undefined : undefined);
  const scope = await scopeOf(data, lookup, recognition, filter, carriesOn ? memory.lastCampaign : undefined, memory);
  if ('reply' in scope) return scope.reply;
  if (!filter) return { answers: [whichContactsAnswer(scope.campaign, lang)], memory };
  return contactListPage(data, parts.lists, lookup, scope, filter, 0, lang, memory);
}

/** How a campaign list question wants the campaigns ranked. */
function rankingOf(recognition: Recognition): CampaignRanking {
  const order = recognition.entities.list.order;
  const words = fold(recognition.text);
  const result = recognition.entities.status.find((key) => (ATTEMPT_RESULTS as readonly string[]).includes(key) && key !== 'canceled');
  if (/answer rate|tasa de respuesta|contestan|answered|pick up/.test(words)) return { by: 'answer_rate', order: order ?? 'most' };
  if (recognition.entities.status.includes('bad_connection') || recognition.entities.list.conditions.includes('flagged_bad')) return { by: 'bad_share', order: order ?? 'most' };
  if (result && (order || /\b(most|fewest|mas|menos)\b/.test(words))) return { by: 'result', result: result as StatusKey, order: order ?? 'most' };
  if (/progress|avance|along|avanzada|closest to done|cerca de terminar/.test(words)) return { by: 'progress', order: order ?? 'most' };
  if (order) return { by: 'answer_rate', order: order === 'most' && /worst|peor/.test(words) ? 'least' : order };
  return { by: 'name' };
}

/** "Which campaigns are paused?", "which campaign has the most failed calls?", "how are my campaigns doing?". */
export async function campaignListReply(data: DataAccess, recognition: Recognition, memory: ConversationMemory, viewer: Viewer): Promise<Reply> {
  const lang = recognition.language;
  const lookup = new Lookup(data, viewer, 'campaign.list');
  const parts = listParts(data, lookup, lang, memory);
  if ('reply' in parts) return parts.reply;
  const visible = await lookup.visibleCampaigns(data.store!);
  const status = recognition.entities.status.find((key) => (CAMPAIGN_STATUSES as readonly string[]).includes(key));
  const rows = (await parts.lists.campaignRows(visible.map((c) => c.id))).filter((row) => !status || row.campaign.status === status);
  const ranking = rankingOf(recognition);
  await lookup.record('*', 'allowed', undefined, { filter: status ? `status:${status}` : ranking.by, rows: rows.length });
  return { answers: [campaignListAnswer({ rows: rankCampaigns(rows, ranking), ranking, status }, lang)], memory };
}

/**
 * What a message means after a list: Show 10 more, "the second one" or an id (that contact's answer), "y en Cobranza
 * Marzo?" (the same list in another campaign). Undefined when it is none of these.
 */
export async function listFollowUp(data: DataAccess, recognition: Recognition, memory: ConversationMemory, viewer: Viewer): Promise<Reply | undefined> {
  const place = memory.lastList;
  if (!place) return undefined;
  const filter = parseFilterKey(place.filter);
  if (!filter) return undefined;
  const lang = recognition.language;
  if (asksForMore(recognition.text)) {
    const lookup = new Lookup(data, viewer, 'contact.list');
    const parts = listParts(data, lookup, lang, memory);
    if ('reply' in parts) return parts.reply;
    // access is checked again: the roles file may have changed since the first page
    const visible = new Set((await lookup.visibleCampaigns(data.store!)).map((c) => c.id));
    const campaign = place.campaign ? (await data.store!.findCampaign(place.campaign)) ?? undefined : undefined;
    const scope: ListScope = { campaignIds: place.campaignIds.filter((id) => visible.has(id)), campaign };
    return contactListPage(data, parts.lists, lookup, scope, filter, place.offset + PAGE_SIZE, lang, memory);
  }
  const open = (id: string): Promise<Reply> =>
    contactReply(data, { ...recognition, intent: filter.kind === 'flagged_bad' ? 'contact.why_bad' : 'contact.attempts', entities: { ...recognition.entities, contact: [id] } }, memory, viewer);
  const position = recognition.intent === 'contact.list' || recognition.intent === 'campaign.list' ? undefined : ordinalIn(recognition.text);
  if (position !== undefined) {
    const id = position === -1 ? place.ids[place.ids.length - 1] : place.ids[position - 1];
    if (id) return open(id);
  }
  const id = recognition.entities.contact[0];
  if (id && (recognition.intent === 'None' || recognition.intent === 'status.explain')) return open(id);
  if (continues(recognition) && recognition.campaigns.length > 0 && recognition.intent !== 'campaign.list' && !contactFilterOf(recognition)) {
    return contactListReply(data, { ...recognition, intent: 'contact.list' }, { ...memory, lastList: { ...place } }, viewer);
  }
  return undefined;
}
