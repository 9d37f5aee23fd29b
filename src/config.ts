import { isAbsolute, resolve } from 'node:path';
import { projectPath } from './core/paths';

export interface BotConfig {
  port: number;
  host: string;
  campaignDb: string;
  /** botbuilder's own settings (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId, MicrosoftAppType), passed through. */
  auth: Record<string, string | undefined>;
  authEnabled: boolean;
}

/** Longest message text the bot reads; longer ones get a polite answer instead. */
export const MAX_MESSAGE_CHARS = 2000;
/** Largest request body the server accepts (413 beyond). */
export const MAX_BODY_BYTES = 256 * 1024;

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 3978;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`PORT must be a port number, not "${value}"`);
  return parsed;
}

/** The contract's settings, read from the environment. Without MicrosoftAppId there is no auth, so the bot listens on loopback only. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const authEnabled = Boolean(env.MicrosoftAppId);
  const db = env.CAMPAIGN_DB || projectPath('data', 'campaigns.sqlite');
  return {
    port: port(env.PORT),
    host: env.HOST || (authEnabled ? '0.0.0.0' : '127.0.0.1'),
    campaignDb: isAbsolute(db) ? db : resolve(process.cwd(), db),
    auth: {
      MicrosoftAppId: env.MicrosoftAppId,
      MicrosoftAppPassword: env.MicrosoftAppPassword,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId,
      MicrosoftAppType: env.MicrosoftAppType,
    },
    authEnabled,
  };
}
