import { isAbsolute, resolve } from 'node:path';
import { IngestTokens } from './access/ingestTokens';
import { DEFAULT_PG_SETTINGS, type PgSettings } from './data/pg/pgSettings';
import { projectPath } from './platform/paths';

export interface BotConfig {
  port: number;
  host: string;
  campaignDb: string;
  /** DATABASE_URL: campaign data in PostgreSQL instead of the CAMPAIGN_DB file. */
  databaseUrl?: string;
  /** PG_POOL_MAX, PG_CONNECT_TIMEOUT_MS, PG_STATEMENT_TIMEOUT_MS: the PostgreSQL pool's size and time limits. */
  pg: PgSettings;
  /** SQLite file of conversation and user state. */
  stateDb: string;
  /** Days a conversation's state is kept after its last turn (users' state: a year, or this when longer). */
  stateTtlDays: number;
  /** botbuilder's own settings (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId, MicrosoftAppType), passed through. */
  auth: Record<string, string | undefined>;
  authEnabled: boolean;
  /** ACCESS_FILE: the roles file (JSON or YAML) saying who may see which campaign's data; see src/access/. */
  accessFile?: string;
  /** AUDIT_LOG: the JSON-lines file every contact and campaign lookup is appended to. */
  auditLog: string;
  /** PUBLIC_URL: the address users reach the bot at, for the lists' download links (default: the address it listens on). */
  publicUrl?: string;
  /** INGEST_TOKEN: the tokens that may post live data to /api/data/*; unset, the ingest is off (404). */
  ingestTokens?: IngestTokens;
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

function days(value: string | undefined): number {
  if (value === undefined || value === '') return 30;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`STATE_TTL_DAYS must be a positive number of days, not "${value}"`);
  return parsed;
}

/** A whole number setting from `min` to `max`, or its default when unset. */
function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number, unit: string): number {
  const text = value?.trim();
  if (text === undefined || text === '') return fallback;
  const parsed = Number(text);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be a whole number of ${unit} from ${min} to ${max}, not "${text.slice(0, 20)}"`);
  return parsed;
}

/** The PostgreSQL pool's settings (used only with DATABASE_URL). */
export function pgSettings(env: NodeJS.ProcessEnv = process.env): PgSettings {
  return {
    poolMax: wholeNumber('PG_POOL_MAX', env.PG_POOL_MAX, DEFAULT_PG_SETTINGS.poolMax, 1, 1000, 'connections'),
    connectTimeoutMs: wholeNumber('PG_CONNECT_TIMEOUT_MS', env.PG_CONNECT_TIMEOUT_MS, DEFAULT_PG_SETTINGS.connectTimeoutMs, 1, 600_000, 'ms'),
    statementTimeoutMs: wholeNumber('PG_STATEMENT_TIMEOUT_MS', env.PG_STATEMENT_TIMEOUT_MS, DEFAULT_PG_SETTINGS.statementTimeoutMs, 0, 3_600_000, 'ms'),
  };
}

/** WEB_CONCURRENCY: how many bot processes `npm start` runs on the one port (node:cluster); 1 when unset. */
export function webConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.WEB_CONCURRENCY?.trim();
  if (value === undefined || value === '') return 1;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 64) throw new Error(`WEB_CONCURRENCY must be a whole number of processes from 1 to 64, not "${value.slice(0, 20)}"`);
  return parsed;
}

const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(process.cwd(), path));

/** The contract's settings, read from the environment. Without MicrosoftAppId there is no auth, so the bot listens on loopback only. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const authEnabled = Boolean(env.MicrosoftAppId);
  return {
    port: port(env.PORT),
    host: env.HOST || (authEnabled ? '0.0.0.0' : '127.0.0.1'),
    campaignDb: absolute(env.CAMPAIGN_DB || projectPath('data', 'campaigns.sqlite')),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    pg: pgSettings(env),
    stateDb: absolute(env.STATE_DB || projectPath('data', 'state.sqlite')),
    stateTtlDays: days(env.STATE_TTL_DAYS),
    auth: {
      MicrosoftAppId: env.MicrosoftAppId,
      MicrosoftAppPassword: env.MicrosoftAppPassword,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId,
      MicrosoftAppType: env.MicrosoftAppType,
    },
    authEnabled,
    accessFile: env.ACCESS_FILE ? absolute(env.ACCESS_FILE) : undefined,
    auditLog: absolute(env.AUDIT_LOG || projectPath('data', 'audit.log')),
    publicUrl: env.PUBLIC_URL?.trim() || undefined,
    ingestTokens: env.INGEST_TOKEN?.trim() ? IngestTokens.parse(env.INGEST_TOKEN) : undefined,
  };
}
