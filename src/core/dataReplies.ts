import { canSeeCampaignData, decide, seesAllCampaigns } from '../access/accessControl';
import { contactTarget, phoneTarget, type AuditAction, type AuditDecision, type AuditLog } from '../access/auditLog';
import type { AccessPolicy } from '../access/roles';
import type { Viewer } from '../access/viewer';
import type { CampaignStore } from '../data/campaignStore';
import type { Campaign, CampaignReport, ContactReport } from '../data/types';
import type { ListQueries } from '../data/lists';
import type { ExportLinks } from '../access/exportLinks';
import type { Recognition } from '../domain/recognition';
import { contactRefusedAnswer, guestAnswer, whichOfYourCampaignsAnswer } from './answers/accessAnswers';
import { insightsGuideAnswer, noDataAnswer } from './answers/generalAnswers';
import {
  bestTimeAnswer,
  campaignInsightsAnswer,
  campaignSummaryAnswer,
  weekOverWeekAnswer,
  whichCampaignAnswer,
  type CampaignQuestion,
} from './answers/campaignAnswers';
import {
  attemptsAnswer,
  contactNotFoundAnswer,
  phoneNotFoundAnswer,
  whichContactAnswer,
  whichContactIdAnswer,
  whyBadAnswer,
} from './answers/contactAnswers';
import type { ConversationMemory, Reply } from './reply';

/** Where contact and campaign answers come from, who may see what, and where each lookup is put on record. */
export interface DataAccess {
  /** Without it, contact and campaign questions get a polite "not available here". */
  store?: CampaignStore;
  policy: AccessPolicy;
  audit: AuditLog;
  now?: () => Date;
  /** Contact and campaign lists; without them, list questions get "not available here". */
  lists?: ListQueries;
  /** Signs the lists' CSV links; without it, lists offer no download. */
  links?: ExportLinks;
}

/** One question's lookups: who asks, what may be shown to them, and the audit line of each lookup. */
export class Lookup {
  constructor(
    private readonly data: DataAccess,
    readonly viewer: Viewer,
    private readonly action: AuditAction,
  ) {}

  get mayLook(): boolean {
    return canSeeCampaignData(this.data.policy, this.viewer);
  }

  /** Nothing is hidden from the viewer, so "not found" gives nothing away. */
  get seesAll(): boolean {
    return seesAllCampaigns(this.data.policy, this.viewer);
  }

  allows(campaign: Pick<Campaign, 'id' | 'name'>): boolean {
    return decide(this.data.policy, this.viewer, campaign) === 'allow';
  }

  async visibleCampaigns(store: CampaignStore): Promise<Campaign[]> {
    return (await store.listCampaigns()).filter((campaign) => this.allows(campaign));
  }

  record(target: string, decision: AuditDecision, contacts?: string[], list?: { filter: string; rows: number }): Promise<void> {
    const at = (this.data.now?.() ?? new Date()).toISOString();
    return this.data.audit.record({
      at,
      who: [...this.viewer.ids],
      channel: this.viewer.channel,
      action: this.action,
      target,
      decision,
      ...(contacts ? { contacts } : {}),
      ...(list ?? {}),
    });
  }
}

/**
 * Answers about one contact: found by id, by phone (asking which when a phone is in several campaigns), or the one last
 * asked about. A viewer who may not see every campaign gets one refusal for a contact outside their campaigns and for
 * one that does not exist, so asking reveals nothing about other campaigns' contacts.
 */
export async function contactReply(data: DataAccess, recognition: Recognition, memory: ConversationMemory, viewer: Viewer): Promise<Reply> {
  const lang = recognition.language;
  const kind = recognition.intent === 'contact.why_bad' ? 'whyBad' : 'attempts';
  const lookup = new Lookup(data, viewer, recognition.intent === 'contact.why_bad' ? 'contact.why_bad' : 'contact.attempts');
  const id = recognition.entities.contact[0];
  const phone = recognition.entities.phone[0];

  if (!lookup.mayLook) {
    const target = id ? contactTarget(id) : phone ? phoneTarget(phone) : memory.lastContact;
    if (target) await lookup.record(target, 'refused');
    return { answers: [guestAnswer(lang)], memory };
  }
  const { store } = data;
  if (!store) return { answers: [noDataAnswer(lang, 'contact')], memory };

  const answer = (contact: ContactReport): Reply => ({
    answers: [kind === 'whyBad' ? whyBadAnswer(contact, lang) : attemptsAnswer(contact, lang)],
    memory: { ...memory, lastContact: contact.id, lastCampaign: contact.campaignId },
  });
  const refusal = async (): Promise<Reply> => ({ answers: [contactRefusedAnswer(await lookup.visibleCampaigns(store), lang)], memory });

  if (id) {
    const contact = await store.findContact(id);
    if (contact && lookup.allows(contact.campaign)) {
      await lookup.record(contact.id, 'allowed');
      return answer(contact);
    }
    await lookup.record(contact ? contact.id : contactTarget(id), contact ? 'refused' : 'not_found');
    if (contact || !lookup.seesAll) return refusal();
    return { answers: [contactNotFoundAnswer(id, await store.similarContactIds(id, 3), kind, lang)], memory };
  }
  if (phone) {
    const found = await store.findContactsByPhone(phone);
    const shown = found.filter((contact) => lookup.allows(contact.campaign));
    if (shown.length > 0) await lookup.record(phoneTarget(phone), 'allowed', shown.map((contact) => contact.id));
    else await lookup.record(phoneTarget(phone), found.length > 0 ? 'refused' : 'not_found');
    if (shown.length === 1) return answer(shown[0]);
    if (shown.length > 1) return { answers: [whichContactAnswer(shown, kind, lang)], memory };
    return lookup.seesAll ? { answers: [phoneNotFoundAnswer(phone, lang)], memory } : refusal();
  }
  if (memory.lastContact) {
    // In a group chat the contact last asked about may have been someone else's question.
    const previous = await store.findContact(memory.lastContact);
    if (previous && lookup.allows(previous.campaign)) {
      await lookup.record(previous.id, 'allowed');
      return answer(previous);
    }
    await lookup.record(memory.lastContact, previous ? 'refused' : 'not_found');
    if (previous) return refusal();
  }
  return { answers: [whichContactIdAnswer(lang)], memory };
}

/**
 * The part of a campaign's figures a question is after: only the best time to call, or only the week over week
 * ("what time should we call Spring Renewals?"); a question asking for both, or neither, gets the whole answer.
 */
function campaignFocus(recognition: Recognition): 'bestTime' | 'trend' | null {
  const aspects = recognition.entities.aspect;
  const bestTime = aspects.includes('best_time');
  const trend = aspects.includes('trend');
  return bestTime === trend ? null : bestTime ? 'bestTime' : 'trend';
}

/**
 * Answers about one campaign: named (fuzzily, by the recognizer), or the one last asked about; otherwise which one. A
 * campaign the viewer may not see is treated as one the bot does not know: they are asked which of theirs they mean.
 * A question after the best time to call or the week over week (an aspect of a summary or insights question) gets
 * that part on its own; the insights get the campaign's calls by quarter hour for both parts.
 */
export async function campaignReply(data: DataAccess, recognition: Recognition, memory: ConversationMemory, viewer: Viewer): Promise<Reply> {
  const lang = recognition.language;
  const insights = recognition.intent === 'campaign.insights';
  const focus = campaignFocus(recognition);
  const lookup = new Lookup(data, viewer, insights ? 'campaign.insights' : 'campaign.summary');
  const named = recognition.campaigns[0];
  const target = named?.id ?? memory.lastCampaign;

  if (!lookup.mayLook) {
    // The guide's weekly routine is no campaign's data: a guest asking for it without naming a campaign gets it.
    if (insights && !target) return { answers: [insightsGuideAnswer(lang)], memory };
    if (target) await lookup.record(target, 'refused');
    return { answers: [guestAnswer(lang)], memory };
  }
  const { store } = data;
  if (!store) return { answers: [insights ? insightsGuideAnswer(lang) : noDataAnswer(lang, 'campaign')], memory };

  const campaign = named ?? (target ? await store.findCampaign(target) : null);
  if (campaign && lookup.allows(campaign)) {
    // the calls by quarter hour read with the report, not after it (a round trip less on a database server)
    const wanted = insights || focus ? store.callSlots(campaign.id) : undefined;
    wanted?.catch(() => undefined);
    const report = await store.campaignReport(campaign.id);
    await lookup.record(campaign.id, report ? 'allowed' : 'not_found');
    if (report) {
      const slots = wanted && report.campaign.id === campaign.id ? await wanted : insights || focus ? await store.callSlots(report.campaign.id) : [];
      const answer =
        focus === 'bestTime'
          ? bestTimeAnswer(report, slots, lang)
          : focus === 'trend'
            ? weekOverWeekAnswer(report, slots, lang)
            : insights
              ? campaignInsightsAnswer(report, slots, lang)
              : campaignSummaryAnswer(report, lang);
      // "and what should I do?" after it: the action for the campaign's state
      return { answers: [answer], memory: { ...memory, lastCampaign: report.campaign.id, lastStatus: report.campaign.status } };
    }
  } else if (target) {
    await lookup.record(campaign?.id ?? target, campaign ? 'refused' : 'not_found');
  }
  if (insights && !focus) return { answers: [insightsGuideAnswer(lang)], memory };
  const question: CampaignQuestion = focus ?? 'summary';
  if (lookup.seesAll) return { answers: [whichCampaignAnswer(await store.listCampaigns(), question, lang, false)], memory };
  return { answers: [whichOfYourCampaignsAnswer(await lookup.visibleCampaigns(store), question, lang)], memory };
}

/**
 * The report of the campaign a status question names ("what does Failed mean in Cobranza Marzo?"), for its figure;
 * undefined when none is named or the viewer may not see it, whose answer is then the entry alone.
 */
export async function namedCampaignReport(data: DataAccess, recognition: Recognition, viewer: Viewer): Promise<CampaignReport | undefined> {
  const named = recognition.campaigns[0];
  if (!named || !data.store) return undefined;
  const lookup = new Lookup(data, viewer, 'campaign.summary');
  if (!lookup.mayLook || !lookup.allows(named)) {
    await lookup.record(named.id, 'refused');
    return undefined;
  }
  const report = await data.store.campaignReport(named.id);
  await lookup.record(named.id, report ? 'allowed' : 'not_found');
  return report ?? undefined;
}
