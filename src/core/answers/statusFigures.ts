import type { CampaignReport, ContactStatus } from '../../data/types';
import type { Answer } from '../answer';
import { formatPercent } from '../format';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import { CAMPAIGN_STATUSES, type StatusKey } from '../../domain/statusKeys';

const CONTACT_STATUSES: readonly string[] = ['new', 'completed', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled'] satisfies ContactStatus[];

/**
 * The named campaign's own figure for a status: how many of its contacts are in it now (a call state), flagged bad
 * (Bad Connection), or the campaign's own status (a campaign status). Undefined for terms that have no figure.
 */
export function statusFigure(report: CampaignReport, key: StatusKey, lang: Lang): string | undefined {
  const t = translator(lang);
  const campaign = report.campaign.name;
  const title = statusEntry(key, lang).title;
  const total = report.totalContacts;
  if (CONTACT_STATUSES.includes(key)) {
    const count = report.byStatus[key as ContactStatus];
    return t('status.figure.contacts', { campaign, count, total, percent: formatPercent(count, total, lang), title });
  }
  if (key === 'bad_connection') {
    return t('status.figure.flagged', { campaign, count: report.flaggedBad, total, percent: formatPercent(report.flaggedBad, total, lang), title });
  }
  if ((CAMPAIGN_STATUSES as readonly string[]).includes(key)) {
    const now = statusEntry(report.campaign.status, lang).title;
    return report.campaign.status === key ? t('status.figure.campaignIs', { campaign, title }) : t('status.figure.campaignIsNot', { campaign, title, now });
  }
  return undefined;
}

/** "On a call, Planned is what this guide calls New": a campaign status's word seen on a call. */
export function callReadingLine(word: StatusKey, callState: StatusKey, lang: Lang): string {
  return translator(lang)('status.onCall', { word: statusEntry(word, lang).title, title: statusEntry(callState, lang).title });
}

/** The entry's answer with a line of its own first (the campaign's figure, the call reading), in the text and on the card. */
export function withLead(answer: Answer, line: string): Answer {
  return {
    ...answer,
    text: `${line}\n\n${answer.text}`,
    card: answer.card && { ...answer.card, sections: [{ text: line, emphasis: true }, ...answer.card.sections] },
  };
}
