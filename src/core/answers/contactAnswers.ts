import type { Attempt, ContactReport, ContactStatus } from '../../data/types';
import type { Answer, CardFact, Suggestion } from '../answer';
import { formatDateTime, joinList, maskPhone } from '../format';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import { explainSuggestion } from './statusAnswers';

function resultTitle(result: ContactStatus, lang: Lang): string {
  return statusEntry(result, lang).title;
}

function when(attempt: Attempt, contact: ContactReport, lang: Lang): string {
  return formatDateTime(attempt.startedAt, contact.campaign.timezone, lang);
}

function attemptLines(contact: ContactReport, lang: Lang): string[] {
  const t = translator(lang);
  if (contact.attempts.length === 0) return [t('contact.noAttempts')];
  return contact.attempts.map((attempt) =>
    t(attempt.error ? 'contact.attemptLineError' : 'contact.attemptLine', { when: when(attempt, contact, lang), result: resultTitle(attempt.result, lang), error: attempt.error }),
  );
}

function flaggedLabel(contact: ContactReport, lang: Lang): string {
  const t = translator(lang);
  if (!contact.flaggedBad) return t('contact.no');
  return t(contact.attemptsRemaining > 0 ? 'contact.flaggedTemporary' : 'contact.flaggedFinal');
}

function facts(contact: ContactReport, lang: Lang): CardFact[] {
  const t = translator(lang);
  const list: CardFact[] = [
    { title: t('contact.facts.status'), value: resultTitle(contact.currentStatus, lang) },
    { title: t('contact.facts.flagged'), value: flaggedLabel(contact, lang) },
    { title: t('contact.facts.calls'), value: t('contact.callsOf', { made: contact.callsMade, max: contact.campaign.maxAttempts }) },
    { title: t('contact.facts.remaining'), value: String(contact.attemptsRemaining) },
    { title: t('contact.facts.phone'), value: maskPhone(contact.phone) },
  ];
  return list;
}

function identity(contact: ContactReport): { id: string; name: string; phone: string; campaign: string } {
  return { id: contact.id, name: contact.name, phone: maskPhone(contact.phone), campaign: contact.campaign.name };
}

function suggestions(contact: ContactReport, lang: Lang, except: 'whyBad' | 'attempts'): Suggestion[] {
  const t = translator(lang);
  const other = except === 'whyBad' ? 'attempts' : 'whyBad';
  const buttons: Suggestion[] = [{ label: t(`contact.suggest.${other}`, { id: contact.id }), text: t(`contact.suggest.${other}`, { id: contact.id }) }];
  buttons.push(explainSuggestion('bad_connection', lang));
  if (contact.dominantUnreachableResult) buttons.push(explainSuggestion(contact.dominantUnreachableResult, lang));
  const campaign = t('contact.suggest.campaign', { campaign: contact.campaign.name });
  buttons.push({ label: campaign, text: campaign });
  return buttons;
}

function card(contact: ContactReport, lang: Lang, action?: string): Answer['card'] {
  const t = translator(lang);
  const lines = attemptLines(contact, lang);
  const hasCanceled = contact.attempts.some((a) => a.result === 'canceled');
  return {
    title: t('contact.cardTitle', { id: contact.id, name: contact.name }),
    subtitle: t('contact.cardSubtitle', { campaign: contact.campaign.name, campaignStatus: statusEntry(contact.campaign.status, lang).title }),
    sections: [
      { facts: facts(contact, lang) },
      { heading: t('contact.attemptsHeading'), bullets: lines, text: hasCanceled ? t('contact.canceledNote') : undefined },
      ...(action ? [{ heading: t('card.action'), text: action, emphasis: true }] : []),
    ],
  };
}

/** "Why is C-1042 flagged bad?": yes or no, the unreachable attempts behind it, whether it is temporary, and what to do. */
export function whyBadAnswer(contact: ContactReport, lang: Lang): Answer {
  const t = translator(lang);
  const who = identity(contact);
  const parts: string[] = [];
  let action: string | undefined;
  if (contact.flaggedBad) {
    const unreachable = contact.attempts.filter((a) => a.result === 'failed' || a.result === 'busy' || a.result === 'no_response');
    const list = joinList(unreachable.map((a) => `${resultTitle(a.result, lang)} ${when(a, contact, lang)}`), lang);
    parts.push(t('contact.whyBad.yes', { ...who, unreachable: contact.unreachableAttempts, calls: contact.callsMade, list, badAfter: contact.campaign.badAfter }));
    parts.push(
      contact.attemptsRemaining > 0
        ? t('contact.whyBad.temporary', { remain: t('count.attemptsRemain', { count: contact.attemptsRemaining }) })
        : t('contact.whyBad.final', { reason: t(`contact.stopReason.${contact.stopReason ?? 'limit_reached'}`) }),
    );
    if (contact.dominantUnreachableResult) action = statusEntry(contact.dominantUnreachableResult, lang).action;
  } else {
    parts.push(t('contact.whyBad.no', who));
    if (contact.closed && contact.lastAttempt) {
      const closing = [...contact.attempts].reverse().find((a) => a.result === 'completed' || a.result === 'incorrect_number') ?? contact.lastAttempt;
      parts.push(t('contact.whyBad.noClosed', { result: resultTitle(closing.result, lang), when: when(closing, contact, lang) }));
      if (closing.result === 'incorrect_number') action = statusEntry('incorrect_number', lang).action;
    } else if (contact.callsMade === 0) {
      parts.push(t('contact.whyBad.noCalls'));
    } else {
      parts.push(t('contact.whyBad.noNotYet', { unreachable: contact.unreachableAttempts, badAfter: contact.campaign.badAfter }));
    }
  }
  if (action) parts.push(t('contact.whyBad.action', { action }));
  return { kind: 'contact', language: lang, text: parts.join('\n\n'), card: card(contact, lang, action), suggestions: suggestions(contact, lang, 'whyBad') };
}

/** "How many attempts remain for +1 555 0100?": calls made against the maximum, the last attempt, and whether it will be called again. */
export function attemptsAnswer(contact: ContactReport, lang: Lang): Answer {
  const t = translator(lang);
  const parts = [
    t('contact.attempts.summary', {
      ...identity(contact),
      calls: t('count.calls', { count: contact.callsMade }),
      max: contact.campaign.maxAttempts,
      remaining: t('count.attemptsRemaining', { count: contact.attemptsRemaining }),
    }),
  ];
  if (contact.lastAttempt) parts.push(t('contact.attempts.last', { result: resultTitle(contact.lastAttempt.result, lang), when: when(contact.lastAttempt, contact, lang) }));
  parts.push(
    contact.stopReason
      ? t(`contact.attempts.stop.${contact.stopReason}`, { result: resultTitle(contact.currentStatus, lang), max: contact.campaign.maxAttempts })
      : t('contact.attempts.willCall'),
  );
  return { kind: 'contact', language: lang, text: parts.join('\n\n'), card: card(contact, lang), suggestions: suggestions(contact, lang, 'attempts') };
}

/** A phone number that belongs to contacts in several campaigns: which one? One button per contact. */
export function whichContactAnswer(contacts: readonly ContactReport[], intent: 'whyBad' | 'attempts', lang: Lang): Answer {
  const t = translator(lang);
  return {
    kind: 'clarify',
    language: lang,
    text: t('contact.phoneMany', { last4: maskPhone(contacts[0].phone).slice(-4), count: contacts.length }),
    suggestions: contacts.map((c) => ({ label: `${c.id} · ${c.campaign.name}`, text: t(`contact.suggest.${intent}`, { id: c.id }) })),
  };
}

export function contactNotFoundAnswer(idText: string, closest: readonly string[], intent: 'whyBad' | 'attempts', lang: Lang): Answer {
  const t = translator(lang);
  return {
    kind: 'contact',
    language: lang,
    text: t(closest.length ? 'contact.notFoundClosest' : 'contact.notFound', { id: idText }),
    suggestions: closest.map((id) => ({ label: id, text: t(`contact.suggest.${intent}`, { id }) })),
  };
}

export function phoneNotFoundAnswer(phone: string, lang: Lang): Answer {
  return { kind: 'contact', language: lang, text: translator(lang)('contact.phoneNotFound', { last4: phone.replace(/\D/g, '').slice(-4) }), suggestions: [] };
}

export function whichContactIdAnswer(lang: Lang): Answer {
  return { kind: 'contact', language: lang, text: translator(lang)('contact.whichContact'), suggestions: [explainSuggestion('bad_connection', lang), explainSuggestion('number_of_calls', lang)] };
}
