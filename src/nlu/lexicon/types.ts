/** Word lists one language gives the recognition steps; every word and phrase in folded form (lower case, no accents). */
export interface LanguageLexicon {
  /** Chat shorthand and common misspellings of short words, token -> what it stands for ("u" -> "you"). */
  chatSpeak: Readonly<Record<string, string>>;
  /** Phrases that say who is asking, not what ("new hire here", "soy nuevo en el equipo"): left out of the reading. */
  speakerPhrases: readonly string[];
  /** Words that ask to be taught: without one, a message does not start the course. */
  learnWords: readonly string[];
  /** Words about the course itself: without one, a message is no question about course progress. */
  courseWords: readonly string[];
  /** Words that place a status on a call or a contact, and on a campaign. */
  callWords: readonly string[];
  campaignWords: readonly string[];
  /** Words that ask to improve, compare or plan: with a status named, they want the weekly analysis, not the entry. */
  improveWords: readonly string[];
  /** Words that ask what something means: with a status named, the question is about the status itself. */
  meaningWords: readonly string[];
  /** Words that point back at what was said before ("it", "that", "eso"): a message with one may be a follow-up. */
  followUpWords: readonly string[];
  /** Words that ask for a list or a ranking ("which", "list", "cuáles"): with a plural subject, a list question. */
  listWords: readonly string[];
  /** Question words that ask which one ("which", "qué"), matched exactly: with a campaign and a ranking, a ranked list. */
  whichWords: readonly string[];
  /** Words that ask why or what to do: a question about a status, even with a plural subject ("what do I do with IVR contacts"). */
  adviceWords: readonly string[];
  /** Plural words for campaigns and for contacts, matched exactly (a stem would take the singular too). */
  manyCampaignWords: readonly string[];
  manyContactWords: readonly string[];
  /** Words that ask to be told later ("notify", "let me know", "avísame"): without one, a message is no alert request. */
  alertWords: readonly string[];
  /** Words that ask for counts: with a campaign and a status named, they want the campaign's figures. */
  countWords: readonly string[];
  /** Status aliases that are everyday words too ("new", "final", "error"): a status only when the context says so. */
  everydayWords: readonly string[];
  /** Words that mark the next or previous word as a status label ("shows", "marked", "sale como"). */
  labelCues: readonly string[];
  /** Extra recognition phrases per status key, beside the knowledge base's titles and aliases (see statusLexicon). */
  statusPhrases: Readonly<Record<string, readonly string[]>>;
}
