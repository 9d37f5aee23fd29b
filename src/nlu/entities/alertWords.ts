import type { AlertWords } from '../../domain/recognition';
import type { CampaignStatus } from '../../domain/statusKeys';
import { PhraseMatcher } from '../phraseMatcher';

type Change = Extract<CampaignStatus, 'paused' | 'finished' | 'in_progress'> | 'any';

/** The status changes an alert can watch, by their verbs in both languages (matched by stem: "pauses", "se pause"). */
const CHANGE_PHRASES: Record<Change, string[]> = {
  paused: [
    'pause', 'pauses', 'paused', 'gets paused', 'goes on pause', 'on hold', 'goes on hold', 'stops', 'stopped', 'halts', 'halted', 'suspended',
    'pausa', 'se pausa', 'se pause', 'pausada', 'pausado', 'se detiene', 'se detenga', 'se para', 'se pare', 'se suspende', 'en pausa', 'detenida',
  ],
  finished: [
    'finish', 'finishes', 'finished', 'ends', 'ended', 'is over', 'is done', 'completes', 'wraps up', 'closes',
    'termina', 'termine', 'terminada', 'finaliza', 'finalice', 'finalizada', 'se acaba', 'se acabe', 'concluye', 'se cierra',
  ],
  in_progress: [
    'resume', 'resumes', 'resumed', 'is back', 'comes back', 'back in progress', 'back on', 'restarts', 'starts again', 'running again',
    'unpaused', 'se reanuda', 'reanuda', 'reanude', 'reanudada', 'vuelve', 'vuelva', 'retoma', 'se reactiva', 'reinicia', 'arranca de nuevo',
    'de nuevo en curso', 'vuelve a llamar',
  ],
  any: [
    'changes', 'changes status', 'status changes', 'any change', 'anything changes', 'changes state',
    'cambia', 'cambie', 'cambio de estado', 'cambia de estado', 'cualquier cambio', 'cambios',
  ],
};

const EVERY_CAMPAIGN = [
  'any campaign', 'any of my campaigns', 'all campaigns', 'all my campaigns', 'all of my campaigns', 'every campaign', 'each campaign',
  'any campaigns', 'whichever campaign', 'cualquier campana', 'cualquiera de mis campanas', 'todas las campanas', 'todas mis campanas',
  'cada campana', 'alguna campana', 'alguna de mis campanas',
];

const WATCHED: readonly Change[] = ['paused', 'finished', 'in_progress'];

function build(): PhraseMatcher<Change | 'every'> {
  const matcher = new PhraseMatcher<Change | 'every'>({ stems: true });
  for (const [change, phrases] of Object.entries(CHANGE_PHRASES) as [Change, string[]][]) for (const phrase of phrases) matcher.add(phrase, change);
  for (const phrase of EVERY_CAMPAIGN) matcher.add(phrase, 'every');
  return matcher;
}

const matcher = build();

const NUMBER = String.raw`(\d{1,4}(?:[.,]\d{1,2})?)`;
/** "20%", "20 %", "20 percent", "15 por ciento". */
const WITH_SIGN = new RegExp(String.raw`${NUMBER}\s*(?:%|percent\b|per cent\b|pct\b|por ?ciento\b)`);
/** "over 20", "más de 20", "supera el 20": a number after a comparison, when no calls or times follow it. */
const AFTER_COMPARISON = new RegExp(
  String.raw`\b(?:over|above|exceeds?|exceeding|beyond|tops|hits|reaches|passes|(?:more|higher|greater) than|mas del?|supera[rn]?(?: el)?|por encima del?|pasa(?: de| del)?|arriba del?|sube del?|mayor (?:a|al|que)(?: el)?|excede(?: el)?)\s+(?:the |el |un )?${NUMBER}(?!\d)(?!\s*(?:calls?|times?|attempts?|contacts?|minutes?|hours?|llamadas?|veces|intentos?|contactos?|minutos?|horas?)\b)`,
);

/** The percentage a message names, as written; `folded` is the message in lower case without accents (punctuation kept). */
export function readPercent(folded: string): number | undefined {
  const match = WITH_SIGN.exec(folded) ?? AFTER_COMPARISON.exec(folded);
  return match ? Number(match[1]!.replace(',', '.')) : undefined;
}

/**
 * What an alert request names: the status changes by their verbs, a percentage, every campaign. `tokens` are the
 * message's words with campaign names masked; `folded` its text folded (for the percent sign).
 */
export function readAlertWords(tokens: readonly string[], folded: string): AlertWords {
  const found = new Set(matcher.match(tokens).flatMap((hit) => hit.values));
  const changes = found.has('any') ? [...WATCHED] : WATCHED.filter((change) => found.has(change));
  const percent = readPercent(folded);
  return { changes: changes as CampaignStatus[], ...(percent !== undefined && { percent }), everyCampaign: found.has('every') };
}
