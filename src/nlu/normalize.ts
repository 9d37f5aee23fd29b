const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

const AT_MENTION = /<at\b[^>]*>.*?<\/at>/gis;
const TAG = /<\/?[a-z][^>]*>/gi;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/gi;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g;
const SPACES = /\s+/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const APOSTROPHES = /['’`]/g;
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g;

function decodeEntity(whole: string, name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16) || 32);
  if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10) || 32);
  return HTML_ENTITIES[name.toLowerCase()] ?? whole;
}

/** Removes what chat channels wrap around text: Teams' leftover <at>…</at> mentions, HTML tags and entities, control characters. */
export function cleanMarkup(text: string): string {
  return text.replace(AT_MENTION, ' ').replace(TAG, ' ').replace(ENTITY, decodeEntity).replace(CONTROL, ' ').replace(SPACES, ' ').trim();
}

/** Lower case without accents: "¿Qué significa Número?" -> "¿que significa numero?". Keeps punctuation for the entity patterns. */
export function foldCase(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** What the language steps see: folded, letters and digits only, single spaces. */
export function normalize(text: string): string {
  return foldCase(cleanMarkup(text)).replace(APOSTROPHES, '').replace(NOT_ALPHANUMERIC, ' ').trim();
}
