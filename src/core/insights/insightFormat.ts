/** How the insights name hours, windows, weekdays and weeks: 24-hour clock, names and dates from Intl in the reader's language. */
import type { Lang } from '../../domain/language';
import { dayToDate } from './localSlots';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:00". */
export function formatHour(hour: number): string {
  return `${pad(hour)}:00`;
}

/** "14:00–17:00" (the end is exclusive; "24:00" is the end of the day). */
export function formatHours(start: number, end: number): string {
  return `${formatHour(start)}–${formatHour(end)}`;
}

const weekdayNames = new Map<Lang, string[]>();

/** "Monday" / "lunes" for 0 ... "Sunday" / "domingo" for 6. */
export function weekdayName(weekday: number, lang: Lang): string {
  let names = weekdayNames.get(lang);
  if (!names) {
    const format = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
    // 2024-01-01 was a Monday
    names = Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
    weekdayNames.set(lang, names);
  }
  return names[weekday]!;
}

const rangeFormats = new Map<Lang, Intl.DateTimeFormat>();

/** Two local days as a date range: "Mar 22 – 28" / "22–28 mar". */
export function formatDayRange(firstDay: number, lastDay: number, lang: Lang): string {
  let format = rangeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    rangeFormats.set(lang, format);
  }
  return format.formatRange(dayToDate(firstDay), dayToDate(lastDay));
}
