import type { Lang } from '../domain/language';

/** A button: what it shows, and the text it sends back as if the user had typed it. */
export interface Suggestion {
  label: string;
  text: string;
}

export interface CardFact {
  title: string;
  value: string;
}

/** A horizontal bar for a share of a whole; the numbers travel with it so screen readers get them too. */
export interface CardBar {
  label: string;
  count: number;
  share: number;
}

/** A table (Adaptive Card 1.5 `Table`): a header row, then rows; a row's `open` is the message its first cell sends. */
export interface CardTable {
  columns: string[];
  rows: { cells: string[]; open?: string }[];
}

/** A link the card opens (the CSV download). */
export interface CardLink {
  label: string;
  url: string;
}

export interface CardSection {
  heading?: string;
  text?: string;
  bullets?: string[];
  facts?: CardFact[];
  bars?: CardBar[];
  table?: CardTable;
  /** Drawn as a highlighted block (the recommended action). */
  emphasis?: boolean;
}

/** A channel-neutral card: the channel layer turns it into an Adaptive Card or leaves it out. */
export interface CardModel {
  title: string;
  subtitle?: string;
  sections: CardSection[];
  links?: CardLink[];
}

export type AnswerKind =
  | 'status'
  | 'status.action'
  | 'status.related'
  | 'status.which'
  | 'status.list'
  | 'clarify'
  | 'help'
  | 'welcome'
  | 'greeting'
  | 'thanks'
  | 'language'
  | 'out_of_scope'
  | 'no_data'
  | 'insights.guide'
  | 'input'
  | 'error'
  | 'contact'
  | 'campaign'
  /** A list of contacts or of campaigns. */
  | 'list'
  /** The onboarding course: lessons, questions, feedback, results, progress. */
  | 'course'
  /** Contact or campaign data the asker may not see. */
  | 'access'
  /** Alerts: a subscription confirmed, listed or cancelled, and the proactive messages themselves. */
  | 'alert';

/** What the core says back: plain text that stands on its own, an optional card with the detail, and next questions. */
export interface Answer {
  kind: AnswerKind;
  language: Lang;
  text: string;
  /**
   * The direct answer in one sentence, sent instead of `text` where the card shows the rest (Web Chat, Teams); without
   * it, the first paragraph of `text` is the lead.
   */
  lead?: string;
  card?: CardModel;
  suggestions: Suggestion[];
}
