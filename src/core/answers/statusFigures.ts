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

/** The entry's answer with the campaign's figure as its first line, in the text and at the top of the card. */
export function withFigure(answer: Answer, figure: string): Answer {
  return {
    ...answer,
    text: `${figure}\n\n${answer.text}`,
    card: answer.card && { ...answer.card, sections: [{ text: figure, emphasis: true }, ...answer.card.sections] },
  };
}
