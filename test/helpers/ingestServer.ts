/** The real server in this process with the live data endpoints on, over a small campaign database in a temp folder. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FileAuditLog, type AuditEntry } from '../../src/access/auditLog';
import { IngestTokens } from '../../src/access/ingestTokens';
import { campaignRefs, learnCampaignNamesOnCommit } from '../../src/campaignData';
import { DataEvents, observedWrites } from '../../src/data/dataEvents';
import { importFolder } from '../../src/data/importer';
import type { WriterOptions } from '../../src/data/sqliteBatchWrite';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { Recognizer } from '../../src/nlu/recognizer';
import type { RunningServer } from '../../src/server';
import { smallDataSet, snapshot, tempDir, writeDataSet } from '../data/helpers';
import { startTestServer } from './httpServer';

export const DIALER_TOKEN = 'dialer-secret-0123456789';
export const CRM_TOKEN = 'crm-secret-abcdefghijklm';

export interface IngestServer {
  server: RunningServer;
  url: string;
  store: SqliteCampaignStore;
  dbPath: string;
  dir: string;
  events: DataEvents;
  /** The audit log's lines so far. */
  audit(): AuditEntry[];
  auditText(): string;
  /** Every row of every table of the campaign database. */
  snapshot(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}

export interface IngestServerOptions {
  /** No INGEST_TOKEN: the routes answer 404. */
  disabled?: boolean;
  writer?: WriterOptions;
}

export async function startIngestServer(options: IngestServerOptions = {}): Promise<IngestServer> {
  const temp = tempDir('ingest-http-');
  const dbPath = path.join(temp.dir, 'campaigns.sqlite');
  await importFolder(dbPath, writeDataSet(path.join(temp.dir, 'csv'), smallDataSet()));
  const store = await SqliteCampaignStore.open(dbPath, { writer: options.writer });
  const auditPath = path.join(temp.dir, 'audit.log');
  const audit = await FileAuditLog.open(auditPath);
  // its own recognizer: learning new campaign names changes it
  const recognizer = new Recognizer({ campaigns: await campaignRefs(store) });
  const events = new DataEvents();
  learnCampaignNamesOnCommit(events, store, recognizer);
  const tokens = IngestTokens.parse(`dialer:${DIALER_TOKEN},crm:${CRM_TOKEN}`);
  const ingest = options.disabled ? undefined : { tokens, writes: observedWrites(store, events), audit };
  const server = await startTestServer({}, { store, recognizer, audit }, {}, { ingest });
  const auditText = (): string => readFileSync(auditPath, 'utf8');
  return {
    server,
    url: server.url,
    store,
    dbPath,
    dir: temp.dir,
    events,
    auditText,
    audit: () => auditText().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEntry),
    snapshot: () => snapshot(dbPath),
    close: async () => {
      await server.close();
      await store.close();
      await audit.close();
      temp.cleanup();
    },
  };
}

export interface Posted<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** POST /api/data/<kind> with a bearer token (DIALER_TOKEN unless told otherwise; null: none) and a JSON or raw body. */
export async function postRows<T = Record<string, unknown>>(
  url: string,
  kind: string,
  body: unknown,
  options: { token?: string | null; contentType?: string } = {},
): Promise<Posted<T>> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const token = options.token === undefined ? DIALER_TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const raw = typeof body === 'string' || body instanceof Uint8Array || body instanceof ReadableStream;
  const response = await fetch(`${url}/api/data/${kind}`, { method: 'POST', headers, body: raw ? (body as RequestInit['body']) : JSON.stringify(body), duplex: 'half' } as RequestInit);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}
