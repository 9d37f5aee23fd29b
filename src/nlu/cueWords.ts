import { LANGUAGES } from '../domain/language';
import { LEXICONS, type LanguageLexicon } from './lexicon';
import { PhraseMatcher } from './phraseMatcher';

type CueList = 'learnWords' | 'courseWords' | 'callWords' | 'campaignWords' | 'improveWords' | 'countWords' | 'labelCues' | 'meaningWords' | 'followUpWords';
export type Cue = 'learn' | 'course' | 'call' | 'campaign' | 'improve' | 'count' | 'label' | 'meaning' | 'followUp';

const LISTS: Record<Cue, CueList> = {
  learn: 'learnWords',
  course: 'courseWords',
  call: 'callWords',
  campaign: 'campaignWords',
  improve: 'improveWords',
  count: 'countWords',
  label: 'labelCues',
  meaning: 'meaningWords',
  followUp: 'followUpWords',
};

/** The cue words of both languages (word forms through the stemmers): "teaching" is a learn cue as "teach" is. */
function buildCueMatcher(): PhraseMatcher<Cue> {
  const matcher = new PhraseMatcher<Cue>({ stems: true });
  for (const lang of LANGUAGES) {
    const lexicon: LanguageLexicon = LEXICONS[lang];
    for (const [cue, list] of Object.entries(LISTS) as [Cue, CueList][]) for (const word of lexicon[list]) matcher.add(word, cue);
  }
  return matcher;
}

const cueMatcher = buildCueMatcher();

export interface CueSpan {
  start: number;
  end: number;
  cues: Cue[];
}

/** Where the message's cue words stand, and which cues they give. */
export function findCues(tokens: readonly string[]): CueSpan[] {
  return cueMatcher.match(tokens).map((hit) => ({ start: hit.start, end: hit.end, cues: hit.values }));
}

export function hasCue(spans: readonly CueSpan[], cue: Cue): boolean {
  return spans.some((span) => span.cues.includes(cue));
}
