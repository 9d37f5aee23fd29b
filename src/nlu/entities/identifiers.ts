import { typoDistance } from '../fuzzy';
/** Phone numbers and contact ids as users type them; both are read from the cleaned (not folded) text. */

export interface IdentifierMatches {
  contacts: string[];
  phones: string[];
  /** The text with the matches blanked out, so later steps do not read their digits as words. */
  rest: string;
}

/** Not right after an id prefix ("C-1234567", "C 1234567" are contact ids, not phones). */
const PHONE = /(?<![\w+])(?<![a-z]-)(?<!\bc\s)(?:\+|00)?\d[\d\s().\-]{5,20}\d(?!\w)/gi;
/** "C-1042", "c1042", "C 1042", and other short prefixes when joined to the digits ("K-7", "CU42"); canonical "PREFIX-digits". */
const CONTACT_PREFIXED = /(?<![\w-])(?:(c)\s?[-#]?\s?|([a-z]{1,4})-|([a-z]{1,2}))(\d{1,64})(?![\w-])/gi;
const CONTACT_WORDED =
  /\b(?:contact|contacto|contactos|customer|client|cliente|id|record|registro)\s*(?:id\s*)?(?:#|no\.?|n[º°o]\.?|number|numero|número|nro\.?)?\s*[:#]?\s*(?:c\s?-?\s?)?(\d{1,64})(?![\w-])/gi;

function blank(text: string, start: number, length: number): string {
  return text.slice(0, start) + ' '.repeat(length) + text.slice(start + length);
}

function phoneKey(match: string): string | undefined {
  const digits = match.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  const international = /^\s*(\+|00)/.test(match);
  return (international ? '+' : '') + (match.trim().startsWith('00') ? digits.slice(2) : digits);
}

/** The words that introduce an id, as typed with a slip ("contcto 7002", "contacot 7002"): read as the word itself. */
const ID_WORDS = ['contact', 'contacto', 'customer', 'cliente'];
const WORD_BEFORE_NUMBER = /\b([a-z]{5,10})(?=\s*[:#]?\s*\d)/gi;

function fixIdWords(text: string): string {
  return text.replace(WORD_BEFORE_NUMBER, (word) => {
    const lower = word.toLowerCase();
    if (ID_WORDS.includes(lower)) return word;
    return ID_WORDS.find((known) => typoDistance(lower, known) !== undefined) ?? word;
  });
}

/** `campaignWords`: folded words of campaign names in the message ("q2"), which are never ids. */
export function extractIdentifiers(text: string, campaignWords: ReadonlySet<string> = new Set()): IdentifierMatches {
  const cleaned = fixIdWords(text);
  let rest = cleaned;
  const phones: string[] = [];
  const contacts: string[] = [];
  for (const m of cleaned.matchAll(PHONE)) {
    const key = phoneKey(m[0]);
    if (!key) continue;
    if (!phones.includes(key)) phones.push(key);
    rest = blank(rest, m.index, m[0].length);
  }
  const found = (id: string, index: number, length: number): void => {
    if (!contacts.includes(id)) contacts.push(id);
    rest = blank(rest, index, length);
  };
  for (const m of rest.matchAll(CONTACT_WORDED)) found(`C-${m[1]}`, m.index, m[0].length);
  for (const m of rest.matchAll(CONTACT_PREFIXED)) if (!campaignWords.has(m[0].trim().toLowerCase())) found(`${(m[1] ?? m[2] ?? m[3]).toUpperCase()}-${m[4]}`, m.index, m[0].length);
  return { contacts, phones, rest };
}
