import type { CardModel, CardSection, CardTable, Suggestion } from '../core/answer';
import { formatNumber, formatPercent } from '../core/format';
import type { Lang } from '../domain/language';

/** Teams renders Adaptive Cards up to 1.5; every card the bot sends says so. */
export const ADAPTIVE_CARD_VERSION = '1.5';

export type AdaptiveElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  lang: Lang;
  body: AdaptiveElement[];
  actions?: AdaptiveElement[];
}

const BAR_CELLS = 20;

function textBlock(text: string, extra: AdaptiveElement = {}): AdaptiveElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/** A bar drawn with block characters, so it needs no image and reads the same in Web Chat and Teams. */
function barRow(label: string, count: number, share: number, lang: Lang): AdaptiveElement {
  const filled = Math.round(share * BAR_CELLS);
  const figures = `${formatNumber(count, lang)} (${formatPercent(share, 1, lang)})`;
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      { type: 'Column', width: 3, items: [textBlock(label, { size: 'Small' })] },
      { type: 'Column', width: 4, items: [textBlock('█'.repeat(filled) + '░'.repeat(BAR_CELLS - filled), { size: 'Small', color: 'Accent', fontType: 'Monospace' })] },
      { type: 'Column', width: 2, items: [textBlock(figures, { size: 'Small', horizontalAlignment: 'Right' })] },
    ],
  };
}

/** A tap that posts `text` as the user's message: Teams' imBack, and the `text` Web Chat posts back as the value. */
export function submitAction(title: string, text: string): AdaptiveElement {
  return { type: 'Action.Submit', title, data: { msteams: { type: 'imBack', value: text }, text } };
}

/**
 * A column's share of the width: its longest word, so that a narrow chat pane (Teams' personal chat) breaks lines
 * between words ("No response") rather than inside them; 3 at least.
 */
function columnWeight(texts: readonly string[]): number {
  let longest = 3;
  for (const text of texts) for (const word of text.split(/\s+/)) longest = Math.max(longest, word.length);
  return longest;
}

/** An Adaptive Card 1.5 Table: a header row, then one row per line; a row's first cell opens it when it has `open`. */
function table(model: CardTable): AdaptiveElement {
  const cell = (text: string, extra: AdaptiveElement = {}, open?: string): AdaptiveElement => ({
    type: 'TableCell',
    items: [textBlock(text, { size: 'Small', ...extra })],
    ...(open ? { selectAction: submitAction(text, open) } : {}),
  });
  return {
    type: 'Table',
    spacing: 'Medium',
    firstRowAsHeader: true,
    showGridLines: true,
    columns: model.columns.map((header, i) => ({ width: columnWeight([header, ...model.rows.map((row) => row.cells[i] ?? '')]) })),
    rows: [
      { type: 'TableRow', style: 'accent', cells: model.columns.map((column) => cell(column, { weight: 'Bolder' })) },
      ...model.rows.map((row) => ({
        type: 'TableRow',
        cells: row.cells.map((text, i) => (i === 0 && row.open ? cell(text, { color: 'Accent', weight: 'Bolder' }, row.open) : cell(text))),
      })),
    ],
  };
}

function sectionElements(section: CardSection, lang: Lang): AdaptiveElement[] {
  const items: AdaptiveElement[] = [];
  if (section.heading) items.push(textBlock(section.heading, { weight: 'Bolder', spacing: 'Medium' }));
  if (section.text) items.push(textBlock(section.text, { spacing: 'Small' }));
  if (section.bullets?.length) items.push(textBlock(section.bullets.map((b) => `- ${b}`).join('\n'), { spacing: 'Small' }));
  if (section.facts?.length) items.push({ type: 'FactSet', spacing: 'Medium', facts: section.facts.filter((f) => f.value).map((f) => ({ title: f.title, value: f.value })) });
  for (const bar of section.bars ?? []) items.push(barRow(bar.label, bar.count, bar.share, lang));
  if (section.table) items.push(table(section.table));
  if (!section.emphasis) return items;
  return [{ type: 'Container', style: 'emphasis', bleed: false, spacing: 'Medium', items }];
}

/**
 * The card as Adaptive Card JSON. Buttons, when given, are Action.Submit carrying Teams' imBack, so a tap posts the
 * button's text as the user's message (Teams has no suggested actions outside personal chats).
 */
export function toAdaptiveCard(card: CardModel, lang: Lang, buttons: readonly Suggestion[] = []): AdaptiveCard {
  const body: AdaptiveElement[] = card.title ? [textBlock(card.title, { size: 'Large', weight: 'Bolder', style: 'heading' })] : [];
  if (card.subtitle) body.push(textBlock(card.subtitle, { isSubtle: true, spacing: 'None' }));
  for (const section of card.sections) body.push(...sectionElements(section, lang));
  const result: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    lang,
    body,
  };
  const actions = [
    ...(card.links ?? []).map((link) => ({ type: 'Action.OpenUrl', title: link.label, url: link.url })),
    ...buttons.map((b) => submitAction(b.label, b.text)),
  ];
  if (actions.length > 0) result.actions = actions;
  return result;
}
