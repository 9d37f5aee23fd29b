import { translator } from './i18n';
import type { Lang } from '../domain/language';
import { LISTS_CAUSES, RELATED } from './relatedStatuses';
import { groupOf, STATUS_KEYS, type StatusGroup, type StatusKey } from '../domain/statusKeys';

/** The text fields every status entry has in every language. */
export const ENTRY_TEXT_FIELDS = ['title', 'tagline', 'meaning', 'action', 'value', 'example'] as const;
export const ENTRY_LIST_FIELDS = ['aliases', 'details'] as const;

export interface StatusEntry {
  key: StatusKey;
  group: StatusGroup;
  title: string;
  tagline: string;
  aliases: string[];
  meaning: string;
  details: string[];
  detailsAreCauses: boolean;
  action: string;
  value: string;
  example: string;
  related: readonly StatusKey[];
}

export interface GuideContent {
  purpose: string;
  strategicValue: { decisions: string[]; improvement: string[] };
  weekly: { intro: string; steps: string[] };
  critical: Record<'failed' | 'incorrect_number' | 'no_response' | 'ivr', string>;
  examples: Record<'sales' | 'collections' | 'support', string>;
  closing: string;
}

const cache = new Map<string, StatusEntry>();

export function statusEntry(key: StatusKey, lang: Lang): StatusEntry {
  const cacheKey = `${lang}:${key}`;
  let entry = cache.get(cacheKey);
  if (!entry) {
    const t = translator(lang);
    const raw = t(`kb:status.${key}`, { returnObjects: true }) as unknown as Record<string, string | string[]>;
    const text = (field: string): string => (typeof raw[field] === 'string' ? (raw[field] as string) : '');
    const list = (field: string): string[] => (Array.isArray(raw[field]) ? (raw[field] as string[]) : []);
    entry = {
      key,
      group: groupOf(key),
      title: text('title'),
      tagline: text('tagline'),
      aliases: list('aliases'),
      meaning: text('meaning'),
      details: list('details'),
      detailsAreCauses: LISTS_CAUSES.has(key),
      action: text('action'),
      value: text('value'),
      example: text('example'),
      related: RELATED[key],
    };
    cache.set(cacheKey, entry);
  }
  return entry;
}

export function allEntries(lang: Lang): StatusEntry[] {
  return STATUS_KEYS.map((key) => statusEntry(key, lang));
}

export function guideContent(lang: Lang): GuideContent {
  return translator(lang)('kb:guide', { returnObjects: true }) as unknown as GuideContent;
}
