import type { Recognition } from '../domain/recognition';
import { clarifyIntent, clarifyStatus, type Resolution } from './answers/clarifyAnswers';
import {
  greetingAnswer,
  helpAnswer,
  languageSwitchedAnswer,
  outOfScopeAnswer,
  thanksAnswer,
} from './answers/generalAnswers';
import {
  relatedStatusesAnswer,
  statusActionAnswer,
  statusAnswer,
  statusExampleAnswer,
  statusListAnswer,
  whichStatusAnswer,
} from './answers/statusAnswers';
import { OPEN_POLICY, type AccessPolicy } from '../access/roles';
import { MemoryAuditLog, type AuditLog } from '../access/auditLog';
import type { Viewer } from '../access/viewer';
import type { CampaignStore } from '../data/campaignStore';
import { campaignReply, contactReply, namedCampaignReport, type DataAccess } from './dataReplies';
import { callReadingLine, statusFigure, withLead } from './answers/statusFigures';
import { campaignListReply, contactListReply, listFollowUp } from './listReplies';
import type { ListQueries } from '../data/lists';
import type { ExportLinks } from '../access/exportLinks';
import type { ConversationMemory, Reply } from './reply';
import { closestTopics } from './closestTopics';
import { ownProgressAnswer } from './course/learnerProgress';
import { otherLang } from '../domain/language';
import type { StoredReference } from '../domain/alerts';
import { alertReply } from './alerts/alertReplies';
import type { AlertSubscriptions } from './alerts/subscriptions';

/** Turns what was understood into answers. Plain data in, plain answers out: no bot framework in here. */
export class Assistant {
  private readonly data: DataAccess;
  private readonly alerts?: AlertSubscriptions;

  /**
   * Without a store (no campaign data connected), contact and campaign questions get a polite "not available here".
   * Without a policy everyone sees everything (the local demo); without an audit log, lookups are kept in memory.
   * Without `alerts`, alert requests get a polite "not available here".
   */
  constructor(
    store?: CampaignStore,
    access: { policy?: AccessPolicy; audit?: AuditLog; lists?: ListQueries; links?: ExportLinks; alerts?: AlertSubscriptions } = {},
  ) {
    this.data = { store, policy: access.policy ?? OPEN_POLICY, audit: access.audit ?? new MemoryAuditLog(), lists: access.lists, links: access.links };
    this.alerts = access.alerts;
  }

  /**
   * `viewer`: the person asking, whose access decides what contact and campaign data the answer may show. `reference`:
   * the conversation the message came from, where the alerts it asks for will be sent.
   */
  async respond(recognition: Recognition, memory: ConversationMemory, viewer: Viewer, reference?: StoredReference): Promise<Reply> {
    const lang = recognition.language;
    const { entities } = recognition;

    if (recognition.ambiguousStatus && (recognition.intent === 'status.explain' || recognition.intent === 'None')) {
      const clarification = clarifyStatus(recognition.ambiguousStatus.term, recognition.ambiguousStatus.keys, lang);
      return { answers: [clarification.answer], memory, clarification };
    }
    if (recognition.closeIntents) {
      const clarification = clarifyIntent(recognition.closeIntents, lang);
      return { answers: [clarification.answer], memory, clarification };
    }

    const afterList = await listFollowUp(this.data, recognition, memory, viewer);
    if (afterList) return afterList;

    switch (recognition.intent) {
      case 'contact.list':
        return contactListReply(this.data, recognition, memory, viewer);
      case 'campaign.list':
        return campaignListReply(this.data, recognition, memory, viewer);
      case 'status.explain':
        return this.explain(recognition, memory, viewer);
      case 'status.list':
        return { answers: [statusListAnswer(lang)], memory };
      case 'contact.why_bad':
      case 'contact.attempts':
        return contactReply(this.data, recognition, memory, viewer);
      case 'campaign.summary':
      case 'campaign.insights':
        return campaignReply(this.data, recognition, memory, viewer);
      case 'help':
        return { answers: [helpAnswer(lang)], memory };
      case 'greeting':
        return { answers: [greetingAnswer(lang)], memory };
      case 'thanks':
        return { answers: [thanksAnswer(lang)], memory };
      case 'language.switch':
        return this.switchLanguage(recognition, memory);
      // the channel layer gives course turns to the course before they get here; without one, the way in
      case 'course.start':
      case 'course.progress':
        return { answers: [ownProgressAnswer(undefined, lang)], memory };
      case 'alert.subscribe':
      case 'alert.list':
      case 'alert.cancel':
        return alertReply({ data: this.data, alerts: this.alerts }, recognition, memory, viewer, reference);
      case 'None':
        return { answers: [outOfScopeAnswer(lang, closestTopics(recognition.text, entities.status))], memory };
    }
  }

  /** Acts on the option picked in a clarification, with the rest of the original message as it was understood. */
  resolve(recognition: Recognition, resolution: Resolution, memory: ConversationMemory, viewer: Viewer, reference?: StoredReference): Promise<Reply> {
    const status = resolution.status ? [resolution.status] : recognition.entities.status;
    const { entities } = recognition;
    return this.respond(
      {
        ...recognition,
        intent: resolution.intent as Recognition['intent'],
        entities: { ...entities, status, alert: { ...entities.alert, everyCampaign: entities.alert.everyCampaign || resolution.everyCampaign === true } },
        campaigns: resolution.campaign ? [resolution.campaign] : recognition.campaigns,
        ambiguousStatus: undefined,
        closeIntents: undefined,
      },
      memory,
      viewer,
      reference,
    );
  }

  private async explain(recognition: Recognition, memory: ConversationMemory, viewer: Viewer): Promise<Reply> {
    const lang = recognition.language;
    const { callReading } = recognition;
    // "the call shows Planned": the call state the guide calls it, said so first
    const named = callReading ? [callReading, ...recognition.entities.status.filter((k) => k !== callReading)] : recognition.entities.status;
    // only a follow-up falls back to the last status: a new question that names none gets asked which one
    const key = named[0] ?? (recognition.followUp ? memory.lastStatus : undefined);
    if (!key) return { answers: [whichStatusAnswer(lang)], memory };
    const next = { ...memory, lastStatus: key };
    // A follow-up names no status and asks for one part of the entry; a question that names one gets the whole entry.
    if (named.length === 0) {
      const aspect = recognition.entities.aspect.find((a) => a === 'related' || a === 'action' || a === 'example');
      if (aspect === 'related') return { answers: [relatedStatusesAnswer(key, lang)], memory: next };
      if (aspect === 'action') return { answers: [statusActionAnswer(key, lang)], memory: next };
      if (aspect === 'example') return { answers: [statusExampleAnswer(key, lang)], memory: next };
    }
    let answer = statusAnswer(key, lang, named.slice(1));
    if (callReading) answer = withLead(answer, callReadingLine(recognition.entities.status[0], callReading, lang));
    const report = await namedCampaignReport(this.data, recognition, viewer);
    const figure = report && statusFigure(report, key, lang);
    if (!report || !figure) return { answers: [answer], memory: next };
    return { answers: [withLead(answer, figure)], memory: { ...next, lastCampaign: report.campaign.id } };
  }

  private switchLanguage(recognition: Recognition, memory: ConversationMemory): Reply {
    const target = recognition.entities.language[0] ?? otherLang(recognition.language);
    const answers = [languageSwitchedAnswer(target)];
    if (memory.lastStatus) answers.push(statusAnswer(memory.lastStatus, target));
    return { answers, memory, preferredLanguage: target };
  }
}
