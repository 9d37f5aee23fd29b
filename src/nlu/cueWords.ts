import { LANGUAGES } from '../domain/language';
import { LEXICONS, type LanguageLexicon } from './lexicon';
import { PhraseMatcher } from './phraseMatcher';

type CueList = 'learnWords' | 'courseWords' | 'callWords' | 'campaignWords' | 'improveWords' | 'countWords' | 'labelCues' | 'meaningWords' | 'followUpWords' | 'listWords' | 'alertWords';
type ExactCueList = 'manyCampaignWords' | 'manyContactWords' | 'whichWords' | 'adviceWords';
export type Cue = 'learn' | 'course' | 'call' | 'campaign' | 'improve' | 'count' | 'label' | 'meaning' | 'followUp' | 'list' | 'campaigns' | 'contacts' | 'which' | 'advice' | 'alert';

const LISTS: Partial<Record<Cue, CueList>> = {
  learn: 'learnWords',
  course: 'courseWords',
  call: 'callWords',
  campaign: 'campaignWords',
  improve: 'improveWords',
  count: 'countWords',
  label: 'labelCues',
  meaning: 'meaningWords',
  followUp: 'followUpWords',
  list: 'listWords',
  alert: 'alertWords',
};

/** Cues matched word for word: the plural subjects of list questions, which a stem would confuse with the singular. */
const EXACT_LISTS: Partial<Record<Cue, ExactCueList>> = { campaigns: 'manyCampaignWords', contacts: 'manyContactWords', which: 'whichWords', advice: 'adviceWords' };

/** The cue words of both languages (word forms through the stemmers): "teaching" is a learn cue as "teach" is. */
function buildCueMatcher(): PhraseMatcher<Cue> {
  const matcher = new PhraseMatcher<Cue>({ stems: true });
  for (const lang of LANGUAGES) {
    const lexicon: LanguageLexicon = LEXICONS[lang];
    for (const [cue, list] of Object.entries(LISTS) as [Cue, CueList][]) for (const word of lexicon[list]) matcher.add(word, cue);
  }
  return matcher;
}

function buildExactCueMatcher(): PhraseMatcher<Cue> {
  const matcher = new PhraseMatcher<Cue>();
  for (const lang of LANGUAGES) {
    for (const [cue, list] of Object.entries(EXACT_LISTS) as [Cue, ExactCueList][]) for (const word of LEXICONS[lang][list]) matcher.add(word, cue);
  }
  return matcher;
}

const cueMatcher = buildCueMatcher();
const exactCueMatcher = buildExactCueMatcher();

export interface CueSpan {
  start: number;
  end: number;
  cues: Cue[];
}

/** Where the message's cue words stand, and which cues they give. */
export function findCues(tokens: readonly string[]): CueSpan[] {
  return [...cueMatcher.match(tokens), ...exactCueMatcher.match(tokens)].map((hit) => ({ start: hit.start, end: hit.end, cues: hit.values }));
}

export function hasCue(spans: readonly CueSpan[], cue: Cue): boolean {
  return spans.some((span) => span.cues.includes(cue));
}
