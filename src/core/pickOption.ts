import type { StatusKey } from '../domain/statusKeys';
import { normalize } from '../nlu/normalize';

/** One option of a question the bot asked, as a reply may name it. */
export interface Choice<T> {
  value: T;
  /** What the option is called: its button's label, its text in each language. */
  names: readonly string[];
  /** The status it stands for, when it stands for one. */
  status?: StatusKey;
}

/** How else than by name a reply may pick an option (each question has its own ways). */
export interface PickRules {
  /** By place: an ordinal ("2", "second", "segunda") or a letter alone or before the option's text ("b", "B) IVR contact"). */
  positions: 'ordinals' | 'letters';
  /** The statuses the reply names: one that only one option has picks it. */
  statuses?: readonly StatusKey[];
  /** A word of more than three letters that only one option's name has picks it. */
  byWords?: boolean;
}

const ORDINALS: Record<string, number> = { '1': 0, '2': 1, '3': 2, first: 0, second: 1, third: 2, primero: 0, primera: 0, segundo: 1, segunda: 1, tercero: 2, tercera: 2 };

/** On normalized text (punctuation gone): "B) IVR contact" reads "b ivr contact". */
const LETTER = /^([a-d])(?:\s+(.*))?$/;

/**
 * Which option a reply picks: one of its names, its place, a status only it has, a word only it has (in that order,
 * each as the rules allow), or undefined when the reply picks none. Names and reply are compared normalized.
 */
export function pickOption<T>(text: string, choices: readonly Choice<T>[], rules: PickRules): T | undefined {
  const said = normalize(text);
  const names = choices.map((choice) => choice.names.map(normalize));
  const byName = choices.findIndex((_, i) => names[i].includes(said));
  if (byName >= 0) return choices[byName].value;

  if (rules.positions === 'ordinals') {
    const place = said.split(' ').map((word) => ORDINALS[word]).find((index) => index !== undefined);
    if (place !== undefined && choices[place]) return choices[place].value;
  } else {
    const letter = LETTER.exec(said);
    const place = letter ? 'abcd'.indexOf(letter[1]) : -1;
    if (letter && choices[place] && (!letter[2] || names[place].includes(normalize(letter[2])))) return choices[place].value;
  }

  const statuses = rules.statuses ?? [];
  const named = choices.filter((choice) => choice.status && statuses.includes(choice.status));
  if (named.length === 1) return named[0].value;
  if (!rules.byWords) return undefined;
  const words = said.split(' ');
  const byWords = choices.filter((_, i) => names[i].some((name) => name.split(' ').some((word) => word.length > 3 && words.includes(word))));
  return byWords.length === 1 ? byWords[0].value : undefined;
}
