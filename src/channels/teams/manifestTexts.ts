import { explainSuggestion } from '../../core/answers/statusAnswers';
import { translator } from '../../content/i18n';
import type { Lang } from '../../domain/language';
import type { ManifestTexts } from './manifest';

interface MenuCommand {
  /** Its description's key under teams.commands. */
  id: string;
  /** What the menu shows and sends: the same words as the bot's own buttons, so the recognizer knows them. */
  title(lang: Lang): string;
}

const suggestion = (key: string) => (lang: Lang): string => translator(lang)(key);

/** Teams' command menu: the bot's starter questions (at most 10). */
export const MENU_COMMANDS: readonly MenuCommand[] = [
  { id: 'busy', title: (lang) => explainSuggestion('busy', lang).text },
  { id: 'noResponse', title: (lang) => explainSuggestion('no_response', lang).text },
  { id: 'ivr', title: (lang) => explainSuggestion('ivr', lang).text },
  { id: 'badConnection', title: (lang) => explainSuggestion('bad_connection', lang).text },
  { id: 'list', title: suggestion('suggest.list') },
  { id: 'weekly', title: suggestion('suggest.weekly') },
  { id: 'help', title: suggestion('suggest.help') },
];

/** The manifest's user-facing strings in one language, from locales/<lang>/translation.json. */
export function manifestTexts(lang: Lang): ManifestTexts {
  const t = translator(lang);
  return {
    nameShort: t('teams.name.short'),
    nameFull: t('teams.name.full'),
    descriptionShort: t('teams.description.short'),
    descriptionFull: t('teams.description.full'),
    commands: MENU_COMMANDS.map((command) => ({ title: command.title(lang), description: t(`teams.commands.${command.id}`) })),
  };
}
