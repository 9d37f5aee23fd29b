import type { Lang } from '../domain/language';

const LOCALES: Record<Lang, string> = { en: 'en-US', es: 'es-ES' };

/** Intl formatters are costly to build and safe to share: one per language and options. */
const formatters = new Map<string, { format(value: never): string }>();

function cached<F extends { format(value: never): string }>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatNumber(value: number, lang: Lang): string {
  return cached(`number|${lang}`, () => new Intl.NumberFormat(LOCALES[lang])).format(value);
}

/** A share as a whole percent ("16%"), with one decimal below 1% so a small share never reads as 0%. */
export function formatPercent(part: number, whole: number, lang: Lang): string {
  const share = whole === 0 ? 0 : part / whole;
  const digits = share > 0 && share < 0.01 ? 1 : 0;
  return cached(`percent|${lang}|${digits}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits })).format(share);
}

/** A moment in the campaign's own time zone, as the people running it read their clocks. */
export function formatDateTime(iso: string, timeZone: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return cached(`datetime|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(date);
  } catch {
    return cached(`datetime|${lang}|UTC`, () => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })).format(date) + ' UTC';
  }
}

/** Only the last four digits of a phone number ever reach a reply. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '••••' : `••• ${digits.slice(-4)}`;
}

export function joinList(items: readonly string[], lang: Lang): string {
  return cached(`list|${lang}`, () => new Intl.ListFormat(LOCALES[lang], { style: 'long', type: 'conjunction' })).format(items);
}

/** "paused, finished or back in progress": alternatives, as a sentence lists them. */
export function joinAlternatives(items: readonly string[], lang: Lang): string {
  return cached(`or|${lang}`, () => new Intl.ListFormat(LOCALES[lang], { style: 'long', type: 'disjunction' })).format(items);
}

/** A percentage someone chose ("20%", "12.5%"), as they wrote it: no rounding to whole percents. */
export function formatThreshold(percent: number, lang: Lang): string {
  return cached(`threshold|${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 2 })).format(percent / 100);
}
