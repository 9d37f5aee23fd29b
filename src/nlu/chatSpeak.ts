import { LANGUAGES } from '../domain/language';
import { LEXICONS } from './lexicon';

/** Both languages' shorthand in one table: the message's language is not known yet when it is spelt out. */
const expansions = new Map<string, string[]>();
for (const lang of LANGUAGES) {
  for (const [short, long] of Object.entries(LEXICONS[lang].chatSpeak)) if (!expansions.has(short)) expansions.set(short, long.split(' '));
}

/** Chat shorthand spelt out ("wat r u" -> "what are you", "xq" -> "porque"). */
export function expandChatSpeak(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const long = expansions.get(token);
    if (long) out.push(...long);
    else out.push(token);
  }
  return out;
}
