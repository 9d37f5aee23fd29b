import type { ListCondition, ListFilters, RankOrder } from '../../domain/recognition';
import { PhraseMatcher } from '../phraseMatcher';

const CONDITION_PHRASES: Record<Exclude<ListCondition, 'min_calls'>, string[]> = {
  flagged_bad: [
    'flagged bad', 'marked bad', 'bad ones', 'flagged', 'bad connection', 'unreachable', 'bad numbers', 'bad contacts',
    'marcados como malos', 'marcadas como malas', 'marcado como malo', 'malos', 'malas', 'mala conexion', 'inalcanzables', 'inalcanzable',
  ],
  no_attempts_left: [
    'no attempts left', 'no attempts remaining', 'out of attempts', 'no more attempts', 'zero attempts left', 'attempts exhausted',
    'used all attempts', 'used up all attempts', 'no tries left', 'sin intentos restantes', 'sin intentos', 'sin intentos disponibles',
    'intentos agotados', 'agotaron los intentos', 'ya no les quedan intentos', 'no les quedan intentos', 'sin mas intentos', 'cero intentos',
  ],
  never_called: [
    'never called', 'not called yet', 'not been called', 'havent been called', 'hasnt been called', 'have not been called', 'has not been called',
    'not yet called', 'never dialed', 'uncalled', 'nunca llamados', 'nunca llamadas', 'sin llamar', 'no se han llamado', 'no han sido llamados',
    'todavia no llamados', 'aun no llamados', 'nunca se les llamo', 'no hemos llamado',
  ],
};

const ORDER_PHRASES: Record<RankOrder, string[]> = {
  most: ['most', 'highest', 'top', 'biggest', 'largest', 'worst', 'more', 'mas', 'mayor', 'peor', 'peores', 'mas alto', 'mas alta'],
  least: ['least', 'lowest', 'fewest', 'smallest', 'best', 'menos', 'menor', 'mejor', 'mejores', 'mas bajo', 'mas baja'],
};

function build<T extends string>(table: Record<T, string[]>): PhraseMatcher<T> {
  const matcher = new PhraseMatcher<T>({ typos: true });
  for (const [value, phrases] of Object.entries(table) as [T, string[]][]) for (const phrase of phrases) matcher.add(phrase, value);
  return matcher;
}

const conditionMatcher = build(CONDITION_PHRASES);
const orderMatcher = build(ORDER_PHRASES);

const AT_LEAST = new Set(['least', 'minimum', 'min', 'menos', 'minimo']);
const MORE_THAN = new Set(['than', 'over', 'de', 'mas']);
const CALL_WORDS = new Set(['times', 'calls', 'attempts', 'tries', 'veces', 'llamadas', 'intentos']);

/**
 * "called at least 3 times", "with 3 or more calls", "more than 2 times", "al menos 3 veces", "más de 2 llamadas":
 * the least number of calls made, or undefined.
 */
function minimumCalls(tokens: readonly string[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!/^\d{1,3}$/.test(tokens[i])) continue;
    const n = Number(tokens[i]);
    const before = tokens[i - 1] ?? '';
    const after = tokens.slice(i + 1, i + 4);
    const countsCalls = after.some((word) => CALL_WORDS.has(word));
    if (!countsCalls) continue;
    if (AT_LEAST.has(before) || (after[0] === 'or' && after[1] === 'more') || (after[0] === 'o' && after[1] === 'mas')) return n;
    if (MORE_THAN.has(before)) return n + 1;
  }
  return undefined;
}

/** The conditions, the least number of calls and the ranking order a list question names. */
export function readListFilters(tokens: readonly string[]): ListFilters {
  const conditions = [...new Set(conditionMatcher.match(tokens).flatMap((hit) => hit.values))] as ListCondition[];
  const minCalls = minimumCalls(tokens);
  if (minCalls !== undefined) conditions.push('min_calls');
  // "at least", "or more", "más de" belong to the number of calls, not to a ranking
  const order = minCalls === undefined ? orderMatcher.match(tokens)[0]?.values[0] : undefined;
  return { conditions, ...(minCalls !== undefined && { minCalls }), ...(order && { order }) };
}
