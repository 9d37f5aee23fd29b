import { guideContent } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import type { CriticalResult } from './weekOverWeek';

/** The guide's critical-status lines start with the status's name ("Failed: start a review…"); an answer that already names it drops that. */
export function withoutTitle(line: string): string {
  const rest = line.replace(/^[^:]{1,40}:\s*/, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The guide's action for a critical status ("By critical status"), without the status's name. */
export function criticalAction(status: CriticalResult, lang: Lang): string {
  return withoutTitle(guideContent(lang).critical[status]);
}
