import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type Role = 'supervisor' | 'agent' | 'guest';

export const ROLES: readonly Role[] = ['supervisor', 'agent', 'guest'];

/** What a role may see: every campaign ('*'), the listed ones (ids or names), or none (a guest: the status guide only). */
export interface AccessRule {
  role: Role;
  campaigns: '*' | string[];
}

/** One entry of the roles file: the identifiers of one person (or several people sharing the same access). */
export interface UserRule extends AccessRule {
  ids: string[];
}

/**
 * Who may see which campaign's contacts and figures.
 * - `open`: no roles file and no MicrosoftAppId (local demo): everyone is a supervisor of every campaign.
 * - `closed`: MicrosoftAppId set and no roles file: nobody sees contact or campaign data until one is given.
 * - `file`: the roles file's users; anyone else gets its `default` (a guest unless it says otherwise).
 */
export type AccessPolicy =
  | { mode: 'open' }
  | { mode: 'closed' }
  | { mode: 'file'; source: string; users: UserRule[]; default: AccessRule };

export const OPEN_POLICY: AccessPolicy = { mode: 'open' };
export const CLOSED_POLICY: AccessPolicy = { mode: 'closed' };

/** A roles file that cannot be used, with every problem found in it. */
export class AccessFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`The roles file ${source} (ACCESS_FILE) is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AccessFileError';
  }
}

const TOP_KEYS = ['users', 'default'];
const USER_KEYS = ['ids', 'role', 'campaigns', 'note'];
const DEFAULT_KEYS = ['role', 'campaigns'];

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function unknownKeys(where: string, value: Record<string, Json>, allowed: readonly string[], problems: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${where}: unknown key "${key}" (expected ${allowed.join(', ')})`);
  }
}

/** A list of non-empty strings; numbers are refused, since YAML would have dropped leading zeros or read "1e5" as a number. */
function stringList(where: string, value: Json, problems: string[]): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push(`${where}: must be a list of strings, not ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.push(`${where}: the list is empty`);
    return undefined;
  }
  const items: string[] = [];
  value.forEach((item: Json, i) => {
    if (typeof item === 'string' && item.trim()) items.push(item.trim());
    else if (typeof item === 'number') problems.push(`${where}[${i}]: ${item} is a number; write it in quotes, as a string`);
    else problems.push(`${where}[${i}]: must be a non-empty string, not ${describe(item)}`);
  });
  return items.length === value.length ? items : undefined;
}

function role(where: string, value: Json, problems: string[]): Role | undefined {
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return value as Role;
  if (value === undefined) problems.push(`${where}: missing (expected supervisor, agent or guest)`);
  else problems.push(`${where}: unknown role ${describe(value)} (expected supervisor, agent or guest)`);
  return undefined;
}

/** The campaigns a role may see: supervisors all ('*' or omitted) or a list, agents a list, guests none. */
function campaigns(where: string, who: Role, value: Json, problems: string[]): AccessRule['campaigns'] | undefined {
  if (who === 'guest') {
    if (value !== undefined) problems.push(`${where}: a guest sees no campaign data; remove "campaigns" or make the role agent`);
    return [];
  }
  if (value === undefined || value === '*') {
    if (who === 'supervisor') return '*';
    problems.push(
      value === undefined
        ? `${where}: an agent needs "campaigns", a list of campaign ids or names`
        : `${where}: an agent sees listed campaigns only; list them, or make the role supervisor for all campaigns`,
    );
    return undefined;
  }
  const list = stringList(where, value, problems);
  if (list?.includes('*')) {
    problems.push(`${where}: "*" stands alone (campaigns: "*"), not inside a list`);
    return undefined;
  }
  return list;
}

function userRule(index: number, value: Json, problems: string[]): UserRule | undefined {
  const where = `users[${index}]`;
  if (!isObject(value)) {
    problems.push(`${where}: must be an object with ids, role and campaigns, not ${describe(value)}`);
    return undefined;
  }
  unknownKeys(where, value, USER_KEYS, problems);
  if (value.note !== undefined && typeof value.note !== 'string') problems.push(`${where}.note: must be a string`);
  let ids: string[] | undefined;
  if (value.ids === undefined) problems.push(`${where}.ids: missing (the user's Teams or Entra ids, emails or web-chat subjects)`);
  else ids = stringList(`${where}.ids`, value.ids, problems);
  const who = role(`${where}.role`, value.role, problems);
  const seen = who ? campaigns(`${where}.campaigns`, who, value.campaigns, problems) : undefined;
  return ids && who && seen ? { ids, role: who, campaigns: seen } : undefined;
}

function defaultRule(value: Json, problems: string[]): AccessRule | undefined {
  if (value === undefined) return { role: 'guest', campaigns: [] };
  if (typeof value === 'string') {
    const who = role('default', value, problems);
    if (who === 'agent') {
      problems.push('default: an agent needs campaigns; write default: { role: agent, campaigns: [...] }');
      return undefined;
    }
    return who ? { role: who, campaigns: who === 'supervisor' ? '*' : [] } : undefined;
  }
  if (!isObject(value)) {
    problems.push(`default: must be a role (guest, agent or supervisor) or { role, campaigns }, not ${describe(value)}`);
    return undefined;
  }
  unknownKeys('default', value, DEFAULT_KEYS, problems);
  const who = role('default.role', value.role, problems);
  const seen = who ? campaigns('default.campaigns', who, value.campaigns, problems) : undefined;
  return who && seen ? { role: who, campaigns: seen } : undefined;
}

/** One id in two entries is a mistake waiting to happen: which access was meant? */
function duplicateIds(users: readonly UserRule[], problems: string[]): void {
  const first = new Map<string, number>();
  users.forEach((user, index) => {
    for (const id of user.ids) {
      const key = id.toLowerCase();
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, index);
      else if (earlier !== index) problems.push(`users[${index}].ids: "${id}" is already listed in users[${earlier}]`);
      else problems.push(`users[${index}].ids: "${id}" is listed twice`);
    }
  });
}

/** Validates parsed roles-file content (JSON or YAML alike). */
export function accessPolicyFromData(data: Json, source: string): AccessPolicy {
  const problems: string[] = [];
  if (!isObject(data)) throw new AccessFileError(source, [`the file must hold an object with "users" (and optionally "default"), not ${describe(data ?? null)}`]);
  unknownKeys('the file', data, TOP_KEYS, problems);
  const users: UserRule[] = [];
  if (data.users === undefined) problems.push('users: missing (a list of { ids, role, campaigns })');
  else if (!Array.isArray(data.users)) problems.push(`users: must be a list, not ${describe(data.users)}`);
  else
    data.users.forEach((entry: Json, i) => {
      const rule = userRule(i, entry, problems);
      if (rule) users.push(rule);
    });
  const fallback = defaultRule(data.default, problems);
  if (problems.length === 0) duplicateIds(users, problems);
  if (problems.length > 0 || !fallback) throw new AccessFileError(source, problems);
  return { mode: 'file', source, users, default: fallback };
}

/** Parses a roles file's text: JSON when the name ends in .json, else YAML (which reads JSON too). */
export function parseAccessFile(text: string, source: string): AccessPolicy {
  let data: Json;
  try {
    data = extname(source).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new AccessFileError(source, [`cannot be read as ${extname(source).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return accessPolicyFromData(data, source);
}

/** Reads and validates the roles file at `path`; a missing or unreadable file is an error that names it. */
export function loadAccessPolicy(path: string): AccessPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new Error(`ACCESS_FILE ${path} cannot be read: ${reason}`);
  }
  return parseAccessFile(text, path);
}
