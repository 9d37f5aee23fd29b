import type { CardSection } from '../answer';

/** One insight for an answer: text lines (markdown, one paragraph each) and the card sections that show the same figures. */
export interface InsightParts {
  lines: string[];
  sections: CardSection[];
}
