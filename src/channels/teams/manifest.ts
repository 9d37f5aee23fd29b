import { createHash } from 'node:crypto';
import type { TeamsManifestV1D22 } from '@microsoft/app-manifest';

/** The newest manifest schema Teams and the Microsoft 365 Agents Toolkit have used for long enough to sideload everywhere. */
export const MANIFEST_VERSION = '1.22';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;

export type TeamsManifest = TeamsManifestV1D22.TeamsManifestV1D22;

/** A localization file: the manifest's translatable strings, keyed by their JSON path ("name.short", "bots[0]..."). */
export type ManifestLocalization = { $schema: string } & Record<string, string>;

export const DEFAULT_LANGUAGE_TAG = 'en-us';
export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

export interface ManifestCommand {
  title: string;
  description: string;
}

/** Every string of the manifest a user reads, in one language. */
export interface ManifestTexts {
  nameShort: string;
  nameFull: string;
  descriptionShort: string;
  descriptionFull: string;
  commands: ManifestCommand[];
}

export interface ManifestInput {
  /** The Teams app's own id (a GUID, not the bot's). */
  appId: string;
  /** The Microsoft App ID of the Azure Bot. */
  botId: string;
  version: string;
  accentColor: string;
  /** The host of the messaging endpoint, for validDomains. */
  botDomain?: string;
  texts: ManifestTexts;
  /** Other languages: language tag (e.g. "es") to the same strings translated. */
  translations: Record<string, ManifestTexts>;
}

export interface ManifestFiles {
  manifest: TeamsManifest;
  /** File name (e.g. "es.json") to its contents. */
  localizations: Record<string, ManifestLocalization>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Placeholder pages on a reserved domain (RFC 2606): replace them before publishing to a store. */
const DEVELOPER = {
  name: 'Campaign Status Bot team',
  websiteUrl: 'https://example.com/campaign-status-bot',
  privacyUrl: 'https://example.com/campaign-status-bot/privacy',
  termsOfUseUrl: 'https://example.com/campaign-status-bot/terms',
};

const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;

/**
 * A stable app id for a bot id (a name-based UUID, version 5), so rebuilding the package updates the installed app
 * instead of adding a second one.
 */
export function appIdFromBotId(botId: string): string {
  const namespace = Buffer.from('6f0f3c7e9d2b4a51b8e4c1a2d3f40567', 'hex');
  const hash = createHash('sha1').update(namespace).update(botId.toLowerCase()).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function localizationFile(texts: ManifestTexts): ManifestLocalization {
  const file: ManifestLocalization = {
    $schema: LOCALIZATION_SCHEMA_URL,
    'name.short': texts.nameShort,
    'name.full': texts.nameFull,
    'description.short': texts.descriptionShort,
    'description.full': texts.descriptionFull,
  };
  texts.commands.forEach((command, i) => {
    file[`bots[0].commandLists[0].commands[${i}].title`] = command.title;
    file[`bots[0].commandLists[0].commands[${i}].description`] = command.description;
  });
  return file;
}

/** The Teams app manifest and its localization files: a pure function of its input. */
export function buildTeamsManifest(input: ManifestInput): ManifestFiles {
  for (const [what, id] of [['app id', input.appId], ['bot id', input.botId]] as const) {
    if (!isGuid(id)) throw new Error(`The ${what} must be a GUID, not "${id}".`);
  }
  for (const [tag, texts] of Object.entries(input.translations)) {
    if (texts.commands.length !== input.texts.commands.length) throw new Error(`The "${tag}" translation has ${texts.commands.length} commands, not ${input.texts.commands.length}.`);
  }
  const { texts } = input;
  const tags = Object.keys(input.translations);
  const manifest: TeamsManifest = {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id: input.appId.toLowerCase(),
    developer: { ...DEVELOPER },
    name: { short: texts.nameShort, full: texts.nameFull },
    description: { short: texts.descriptionShort, full: texts.descriptionFull },
    icons: { ...ICON_FILES },
    accentColor: input.accentColor,
    bots: [
      {
        botId: input.botId.toLowerCase(),
        scopes: [...BOT_SCOPES],
        isNotificationOnly: false,
        supportsFiles: false,
        supportsCalling: false,
        supportsVideo: false,
        commandLists: [{ scopes: [...BOT_SCOPES], commands: texts.commands.map(({ title, description }) => ({ title, description })) }],
      },
    ],
    validDomains: input.botDomain ? [input.botDomain] : [],
    localizationInfo: {
      defaultLanguageTag: DEFAULT_LANGUAGE_TAG,
      ...(tags.length > 0 ? { additionalLanguages: tags.map((tag) => ({ languageTag: tag, file: `${tag}.json` })) } : {}),
    },
  };
  const localizations: Record<string, ManifestLocalization> = {};
  for (const [tag, translated] of Object.entries(input.translations)) localizations[`${tag}.json`] = localizationFile(translated);
  return { manifest, localizations };
}
