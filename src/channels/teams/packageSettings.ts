import { PLACEHOLDER_BOT_ID, appIdFromBotId, isGuid } from './manifest';

export interface TeamsPackageSettings {
  botId: string;
  appId: string;
  version: string;
  botDomain?: string;
}

export interface PackageFlags {
  /** Use an all-zero bot id when MicrosoftAppId is unset: a package to validate, not to install. */
  allowPlaceholder: boolean;
}

/** A setting the package cannot be built without, or one that is malformed: the message says what to do. */
export class PackageSettingsError extends Error {}

/** "https://bot.example.com/api/messages" and "bot.example.com" both give "bot.example.com". */
export function botDomainFrom(value: string): string {
  const host = value.trim().replace(/^[a-z]+:\/\//i, '').split(/[/?#]/)[0].toLowerCase();
  if (!/^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(host)) {
    throw new PackageSettingsError(`BOT_DOMAIN must be a host name such as bot.example.com, not "${value}".`);
  }
  return host;
}

/** The package's settings from the environment: MicrosoftAppId (required), TEAMS_APP_ID and BOT_DOMAIN (optional). */
export function readPackageSettings(env: NodeJS.ProcessEnv, flags: PackageFlags, version: string): TeamsPackageSettings {
  const given = env.MicrosoftAppId?.trim();
  if (!given && !flags.allowPlaceholder) {
    throw new PackageSettingsError(
      'MicrosoftAppId is not set. Set it to the Microsoft App ID of your Azure Bot (MicrosoftAppId=<guid> npm run teams:package), ' +
        'or pass --allow-placeholder to build a package with an all-zero bot id that only validates locally.',
    );
  }
  const botId = given || PLACEHOLDER_BOT_ID;
  if (!isGuid(botId)) throw new PackageSettingsError(`MicrosoftAppId must be a GUID (the Azure Bot's Microsoft App ID), not "${botId}".`);
  const appId = env.TEAMS_APP_ID?.trim() || appIdFromBotId(botId);
  if (!isGuid(appId)) throw new PackageSettingsError(`TEAMS_APP_ID must be a GUID, not "${appId}".`);
  const settings: TeamsPackageSettings = { botId, appId, version };
  if (env.BOT_DOMAIN?.trim()) settings.botDomain = botDomainFrom(env.BOT_DOMAIN);
  return settings;
}
