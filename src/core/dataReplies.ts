import type { CampaignStore, ContactReport } from '../data/types';
import type { Recognition } from '../nlu/recognizer';
import { insightsGuideAnswer } from './answers/generalAnswers';
import { campaignInsightsAnswer, campaignSummaryAnswer, whichCampaignAnswer } from './answers/campaignAnswers';
import {
  attemptsAnswer,
  contactNotFoundAnswer,
  phoneNotFoundAnswer,
  whichContactAnswer,
  whichContactIdAnswer,
  whyBadAnswer,
} from './answers/contactAnswers';
import type { ConversationMemory, Reply } from './assistant';

/** Answers about one contact: found by id, by phone (asking which when a phone is in several campaigns), or the one last asked about. */
export async function contactReply(store: CampaignStore, recognition: Recognition, memory: ConversationMemory): Promise<Reply> {
  const lang = recognition.language;
  const kind = recognition.intent === 'contact.why_bad' ? 'whyBad' : 'attempts';
  const answer = (contact: ContactReport): Reply => ({
    answers: [kind === 'whyBad' ? whyBadAnswer(contact, lang) : attemptsAnswer(contact, lang)],
    memory: { ...memory, lastContact: contact.id, lastCampaign: contact.campaignId },
  });
  const id = recognition.entities.contact[0];
  const phone = recognition.entities.phone[0];
  if (id) {
    const contact = await store.findContact(id);
    if (contact) return answer(contact);
    return { answers: [contactNotFoundAnswer(id, await store.similarContactIds(id, 3), kind, lang)], memory };
  }
  if (phone) {
    const contacts = await store.findContactsByPhone(phone);
    if (contacts.length === 1) return answer(contacts[0]);
    return { answers: [contacts.length === 0 ? phoneNotFoundAnswer(phone, lang) : whichContactAnswer(contacts, kind, lang)], memory };
  }
  const previous = memory.lastContact ? await store.findContact(memory.lastContact) : null;
  return previous ? answer(previous) : { answers: [whichContactIdAnswer(lang)], memory };
}

/** Answers about one campaign: named (fuzzily, by the recognizer), or the one last asked about; otherwise which one. */
export async function campaignReply(store: CampaignStore, recognition: Recognition, memory: ConversationMemory): Promise<Reply> {
  const lang = recognition.language;
  const insights = recognition.intent === 'campaign.insights';
  const id = recognition.campaigns[0]?.id ?? memory.lastCampaign;
  const report = id ? await store.campaignReport(id) : null;
  if (report) {
    return {
      answers: [insights ? campaignInsightsAnswer(report, lang) : campaignSummaryAnswer(report, lang)],
      memory: { ...memory, lastCampaign: report.campaign.id },
    };
  }
  if (insights) return { answers: [insightsGuideAnswer(lang)], memory };
  return { answers: [whichCampaignAnswer(await store.listCampaigns(), 'summary', lang, false)], memory };
}
