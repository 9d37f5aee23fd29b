import type { CampaignListRow, ContactFilter, ContactListPage, ContactListRow } from '../../data/lists';
import type { Campaign } from '../../data/types';
import type { StatusKey } from '../../domain/statusKeys';
import type { Lang } from '../../domain/language';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Answer, CardLink, Suggestion } from '../answer';
import { formatDateTime, formatNumber, formatPercent, maskPhone } from '../format';
import { explainSuggestion } from './statusAnswers';

/** Rows a page of a list shows. */
export const PAGE_SIZE = 10;

/** The entry of the guide whose action fits each group of contacts. */
function groupEntry(filter: ContactFilter): StatusKey {
  switch (filter.kind) {
    case 'flagged_bad':
      return 'bad_connection';
    case 'no_attempts_left':
      return 'completed_without_answer';
    case 'never_called':
      return 'not_dialed';
    case 'min_calls':
      return 'number_of_calls';
    case 'status':
      return filter.status;
  }
}

/** "flagged bad", "in Busy", "called at least 3 times": the group, as the sentences name it. */
export function groupName(filter: ContactFilter, lang: Lang): string {
  const t = translator(lang);
  if (filter.kind === 'status') return t('lists.group.status', { status: statusEntry(filter.status, lang).title });
  if (filter.kind === 'min_calls') return t('lists.group.min_calls', { count: filter.minCalls });
  return t(`lists.group.${filter.kind}`);
}

/** Where the list looks: one campaign's name, or "your campaigns". */
export function scopeName(campaign: Pick<Campaign, 'name'> | undefined, lang: Lang): string {
  return campaign ? `**${campaign.name}**` : translator(lang)('lists.allCampaigns');
}

function contactCells(row: ContactListRow, lang: Lang, withCampaign: boolean): string[] {
  const t = translator(lang);
  return [
    row.id,
    withCampaign ? `${row.name} · ${row.campaignName}` : row.name,
    maskPhone(row.phone),
    statusEntry(row.currentStatus, lang).title,
    t('contact.callsOf', { made: row.callsMade, max: row.maxAttempts }),
    String(row.attemptsRemaining),
    row.lastAttemptAt ? formatDateTime(row.lastAttemptAt, row.timezone, lang) : '—',
  ];
}

/** The question a contact's id opens, as the user would type it. */
export function openContactText(id: string, filter: ContactFilter, lang: Lang): string {
  return translator(lang)(filter.kind === 'flagged_bad' ? 'contact.suggest.whyBad' : 'contact.suggest.attempts', { id });
}

export interface ContactListView {
  page: ContactListPage;
  filter: ContactFilter;
  /** The one campaign the list is about, or undefined for every campaign the viewer may see. */
  campaign?: Campaign;
  /** The signed CSV link, when the server gives one. */
  download?: string;
}

/**
 * A page of a contact list: how many match out of how many, the rows as a table (plain lines in the text for channels
 * without cards), each id a button that opens the contact, Show 10 more while rows remain, the CSV, and the guide's
 * action for the group with its figure.
 */
export function contactListAnswer(view: ContactListView, lang: Lang): Answer {
  const t = translator(lang);
  const { page, filter, campaign } = view;
  const group = groupName(filter, lang);
  const scope = scopeName(campaign, lang);
  const counts = { matching: formatNumber(page.matching, lang), total: formatNumber(page.inScope, lang), share: formatPercent(page.matching, page.inScope, lang), group, scope };
  const lead = t('lists.contacts.lead', { ...counts, count: page.matching });
  const first = page.offset + 1;
  const last = page.offset + page.rows.length;
  const showing = t('lists.contacts.showing', { first, last, matching: counts.matching });
  const entry = statusEntry(groupEntry(filter), lang);
  const action = t('lists.contacts.action', { ...counts, count: page.matching, action: entry.action });
  const withCampaign = !campaign;
  const lines = page.rows.map((row) => {
    const [id, name, phone, status, calls, remaining, lastAt] = contactCells(row, lang, withCampaign);
    return t('lists.contacts.line', { id, name, phone, status, calls, remaining, last: lastAt });
  });
  const more = last < page.matching;
  const suggestions: Suggestion[] = [];
  if (more) suggestions.push({ label: t('lists.more'), text: t('lists.more') });
  for (const row of page.rows.slice(0, 3)) suggestions.push({ label: row.id, text: openContactText(row.id, filter, lang) });
  suggestions.push(explainSuggestion(groupEntry(filter), lang));
  const links: CardLink[] = view.download ? [{ label: t('lists.download'), url: view.download }] : [];
  const table = [showing, ...lines.map((line) => `- ${line}`)].join('\n');
  const text = [lead, table, ...(more ? [t('lists.moreHint')] : []), action, ...(view.download ? [t('lists.downloadText', { url: view.download })] : [])];
  return {
    kind: 'list',
    language: lang,
    lead,
    text: text.join('\n\n'),
    card: {
      title: t('lists.contacts.title', { group, scope: campaign?.name ?? t('lists.allCampaignsPlain') }),
      subtitle: `${t('lists.contacts.subtitle', counts)} · ${showing}`,
      sections: [
        {
          table: {
            columns: ['id', 'name', 'phone', 'status', 'calls', 'remaining', 'last'].map((c) => t(`lists.contacts.columns.${c}`)),
            rows: page.rows.map((row) => ({ cells: contactCells(row, lang, withCampaign), open: openContactText(row.id, filter, lang) })),
          },
        },
        { heading: t('card.action'), text: action, emphasis: true },
      ],
      links,
    },
    suggestions,
  };
}

/** No contact matches: says so, and offers the nearest useful list. */
export function noContactMatchAnswer(view: ContactListView, nearest: ('flagged_bad' | 'no_attempts_left' | 'never_called')[], lang: Lang): Answer {
  const t = translator(lang);
  const scope = scopeName(view.campaign, lang);
  const text = t('lists.contacts.none', { group: groupName(view.filter, lang), scope, total: formatNumber(view.page.inScope, lang) });
  const where = view.campaign ? t('lists.inCampaign', { name: view.campaign.name }) : '';
  return {
    kind: 'list',
    language: lang,
    text,
    suggestions: nearest.map((kind) => {
      const ask = `${t(`lists.ask.${kind}`)}${where}`;
      return { label: ask, text: ask };
    }),
  };
}

/** The question a list of `filter` in `campaign` is asked with ("contacts flagged bad in Spring Renewals"). */
export function listQuestion(filter: ContactFilter | undefined, campaign: Pick<Campaign, 'name'>, lang: Lang): string {
  const t = translator(lang);
  return filter ? t('lists.askIn', { group: groupName(filter, lang), name: campaign.name }) : t('campaign.suggest.summary', { name: campaign.name });
}

/**
 * A campaign that is not there, or one the viewer may not see (the same answer): the closest of their campaigns, each
 * a button asking the same list there.
 */
export function campaignChoiceAnswer(closest: readonly Campaign[], filter: ContactFilter | undefined, lang: Lang): Answer {
  const t = translator(lang);
  return {
    kind: 'clarify',
    language: lang,
    text: t(closest.length ? 'lists.unknownCampaign' : 'access.noCampaigns'),
    suggestions: closest.map((campaign) => ({ label: campaign.name, text: listQuestion(filter, campaign, lang) })),
  };
}

/** Show 10 more after the last page. */
export function listEndAnswer(matching: number, lang: Lang): Answer {
  return { kind: 'list', language: lang, text: translator(lang)('lists.end', { count: matching, matching: formatNumber(matching, lang) }), suggestions: [] };
}

/** A contact list asked for without saying which contacts (no condition, no status). */
export function whichContactsAnswer(campaign: Campaign | undefined, lang: Lang): Answer {
  const t = translator(lang);
  const where = campaign ? t('lists.inCampaign', { name: campaign.name }) : '';
  const asks = (['flagged_bad', 'no_attempts_left', 'never_called'] as const).map((kind) => `${t(`lists.ask.${kind}`)}${where}`);
  return { kind: 'clarify', language: lang, text: t('lists.contacts.which'), suggestions: asks.map((text) => ({ label: text, text })) };
}

/** How a campaign list is ranked. */
export type CampaignRanking = { by: 'name' } | { by: 'answer_rate' | 'bad_share' | 'progress'; order: 'most' | 'least' } | { by: 'result'; result: Exclude<StatusKey, never>; order: 'most' | 'least' };

function answered(row: CampaignListRow): number {
  return row.callsMade === 0 ? 0 : row.calls.completed / row.callsMade;
}

function rankValue(row: CampaignListRow, ranking: CampaignRanking): number {
  switch (ranking.by) {
    case 'name':
      return 0;
    case 'answer_rate':
      return answered(row);
    case 'bad_share':
      return row.contacts === 0 ? 0 : row.flaggedBad / row.contacts;
    case 'progress':
      return row.contacts === 0 ? 0 : row.closed / row.contacts;
    case 'result': {
      const calls = (row.calls as Record<string, number>)[ranking.result] ?? 0;
      return row.callsMade === 0 ? 0 : calls / row.callsMade;
    }
  }
}

export function rankCampaigns(rows: readonly CampaignListRow[], ranking: CampaignRanking): CampaignListRow[] {
  if (ranking.by === 'name') return [...rows];
  const sign = ranking.order === 'most' ? -1 : 1;
  return [...rows].sort((a, b) => sign * (rankValue(a, ranking) - rankValue(b, ranking)) || a.campaign.name.localeCompare(b.campaign.name));
}

function statusCell(campaign: Campaign, lang: Lang): string {
  const status = statusEntry(campaign.status, lang).title;
  return campaign.status === 'paused' ? `${status} (${translator(lang)(`lists.campaigns.pauseReason.${campaign.pauseReason ?? 'unknown'}`)})` : status;
}

export interface CampaignListView {
  rows: CampaignListRow[];
  ranking: CampaignRanking;
  /** The campaign status asked for ("which campaigns are paused"), if any. */
  status?: StatusKey;
}

/** A table of campaigns: status (with the pause reason), contacts, progress, bad-flag share, answer rate; the paused ones' action. */
export function campaignListAnswer(view: CampaignListView, lang: Lang): Answer {
  const t = translator(lang);
  const { rows, ranking, status } = view;
  const names = rows.map((row) => `**${row.campaign.name}**`);
  const statusTitle = status ? statusEntry(status, lang).title : undefined;
  const measure = ranking.by === 'result' ? statusEntry(ranking.result, lang).title : ranking.by !== 'name' ? t(`lists.campaigns.measure.${ranking.by}`) : '';
  let lead: string;
  if (rows.length === 0) lead = statusTitle ? t('lists.campaigns.noneInStatus', { status: statusTitle }) : t('lists.campaigns.none');
  else if (ranking.by !== 'name') lead = t(`lists.campaigns.top.${ranking.order}`, { name: names[0], measure, value: formatPercent(rankValue(rows[0]!, ranking), 1, lang) });
  else if (statusTitle) lead = t('lists.campaigns.inStatus', { count: rows.length, status: statusTitle, names: names.join(', ') });
  else lead = t('lists.campaigns.all', { count: rows.length });
  const cells = (row: CampaignListRow): string[] => [
    row.campaign.name,
    statusCell(row.campaign, lang),
    formatNumber(row.contacts, lang),
    formatPercent(row.closed, row.contacts, lang),
    formatPercent(row.flaggedBad, row.contacts, lang),
    row.callsMade === 0 ? '—' : formatPercent(row.calls.completed, row.callsMade, lang),
  ];
  const paused = rows.filter((row) => row.campaign.status === 'paused');
  const actions = paused.map((row) => t('lists.campaigns.pausedAction', { name: row.campaign.name, action: t(`campaign.pause.${row.campaign.pauseReason ?? 'unknown'}`) }));
  const columns = ['name', 'status', 'contacts', 'progress', 'bad', 'answerRate'].map((c) => t(`lists.campaigns.columns.${c}`));
  const lines = rows.map((row) => {
    const [name, st, contacts, progress, bad, rate] = cells(row);
    return `- ${t('lists.campaigns.line', { name, status: st, contacts, progress, bad, rate })}`;
  });
  return {
    kind: 'list',
    language: lang,
    lead,
    text: [lead, ...(lines.length ? [lines.join('\n')] : []), ...actions].join('\n\n'),
    card: rows.length
      ? {
          title: t('lists.campaigns.title'),
          subtitle: measure ? t('lists.campaigns.rankedBy', { measure }) : statusTitle ? t('lists.campaigns.filtered', { status: statusTitle }) : undefined,
          sections: [
            { table: { columns, rows: rows.map((row) => ({ cells: cells(row), open: t('campaign.suggest.summary', { name: row.campaign.name }) })) } },
            ...actions.map((text) => ({ text, emphasis: true })),
          ],
        }
      : undefined,
    suggestions: rows.slice(0, 4).map((row) => {
      const ask = t('campaign.suggest.summary', { name: row.campaign.name });
      return { label: row.campaign.name, text: ask };
    }),
  };
}
