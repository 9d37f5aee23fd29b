import type { CampaignRef } from '../../domain/recognition';
import { normalize } from '../normalize';
import { PhraseMatcher } from '../phraseMatcher';

/** Words that appear in many campaign names and say nothing about which one is meant. */
const GENERIC = new Set(['campaign', 'campana', 'calls', 'llamadas', 'call', 'llamada', 'de', 'del', 'la', 'el', 'the', 'and', 'y', 'q1', 'q2', 'q3', 'q4']);

/**
 * Matches campaign names with or without accents, with typos, and by a distinctive word of six letters or more
 * that belongs to one campaign only ("cobranza" -> "Cobranza Marzo").
 */
export function buildCampaignMatcher(campaigns: readonly CampaignRef[]): PhraseMatcher<CampaignRef> {
  const matcher = new PhraseMatcher<CampaignRef>({ typos: true });
  const owners = new Map<string, CampaignRef[]>();
  for (const campaign of campaigns) {
    matcher.add(campaign.name, campaign);
    for (const word of new Set(normalize(campaign.name).split(' '))) {
      if (word.length < 6 || GENERIC.has(word)) continue;
      owners.set(word, [...(owners.get(word) ?? []), campaign]);
    }
  }
  for (const [word, refs] of owners) if (refs.length === 1) matcher.add(word, refs[0]);
  return matcher;
}
