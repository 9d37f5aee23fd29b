import type { Lang } from '../../domain/language';
import type { Aspect } from '../../domain/recognition';
import { PhraseMatcher } from '../phraseMatcher';

const ASPECT_PHRASES: Record<Aspect, string[]> = {
  action: [
    'what should i do', 'what do i do', 'what to do', 'what can i do', 'what should we do', 'do about', 'do with', 'handle', 'deal with',
    'fix', 'action', 'recommended action', 'recommendation', 'next step', 'next steps', 'que hago', 'que debo hacer', 'que hacer',
    'que hacemos', 'que puedo hacer', 'hacer con', 'accion', 'accion recomendada', 'recomendacion', 'recomiendas', 'manejar', 'como manejo',
    'solucionar', 'arreglar', 'siguiente paso',
  ],
  causes: ['why', 'cause', 'causes', 'reason', 'reasons', 'por que', 'porque', 'causa', 'causas', 'razon', 'motivo', 'motivos'],
  value: ['value', 'good for', 'benefit', 'why does it matter', 'valor', 'sirve', 'para que sirve', 'beneficio', 'aporta'],
  related: ['related', 'similar', 'relacionados', 'relacionado', 'relacionadas', 'parecidos', 'similares'],
  example: ['example', 'for example', 'examples', 'ejemplo', 'ejemplos', 'por ejemplo'],
  best_time: [
    'best time', 'best times', 'best hour', 'best hours', 'best time to call', 'when to call', 'when should we call', 'when should i call',
    'what time', 'time of day', 'times of day', 'answer rate', 'mejor hora', 'mejores horas', 'mejor horario', 'a que hora', 'cuando llamar',
    'horario', 'horarios', 'hora del dia', 'tasa de respuesta',
  ],
  trend: [
    'week over week', 'last week', 'previous week', 'compared to last week', 'since last week', 'trend', 'trends', 'what changed',
    'semana pasada', 'semana anterior', 'semana a semana', 'tendencia', 'tendencias', 'que cambio', 'comparado con',
  ],
};

const LANGUAGE_NAMES: Record<Lang, string[]> = {
  en: ['english', 'ingles', 'inglish', 'en ingles'],
  es: ['spanish', 'espanol', 'castellano', 'en espanol', 'spanglish'],
};

function build<T extends string>(table: Record<T, string[]>): PhraseMatcher<T> {
  const matcher = new PhraseMatcher<T>({ typos: true });
  for (const [value, phrases] of Object.entries(table) as [T, string[]][]) for (const phrase of phrases) matcher.add(phrase, value);
  return matcher;
}

export const aspectMatcher = build(ASPECT_PHRASES);
export const languageNameMatcher = build(LANGUAGE_NAMES);
