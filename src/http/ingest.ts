import type { Request, Response, Server } from 'restify';
import type { AuditLog } from '../access/auditLog';
import type { IngestTokens } from '../access/ingestTokens';
import { RECORD_KINDS, type CampaignWrites, type RecordKind } from '../data/campaignStore';
import { isBusyError } from '../data/db';
import { ingestRows, MAX_INGEST_BYTES, MAX_INGEST_ROWS, type IngestOutcome } from '../data/ingest';
import { logger } from '../logging/logger';
import { KeyedLock } from '../state/conversationLock';
import { jsonContentProblem, readBody } from './rawBody';

export interface IngestParts {
  tokens: IngestTokens;
  /** Where the rows go: the store's writes, observed (dataEvents.ts) so that what follows new data runs before the 200. */
  writes: CampaignWrites;
  audit: AuditLog;
}

/** `/api/data/campaigns`, `/api/data/contacts`, `/api/data/attempts`. */
export const INGEST_PATHS: readonly string[] = RECORD_KINDS.map((kind) => `/api/data/${kind}`);

/** Requests read and waiting for the writer, beyond which a request is turned away (503) rather than held in memory. */
const MAX_WAITING = 8;

type Answer = { status: number; body: unknown; rows?: number; errors?: number; headers?: Record<string, string> };

const problem = (status: number, error: string, extra: Partial<Answer> = {}): Answer => ({ status, body: { error }, ...extra });

/** Parses a body that was read whole: a JSON array of at most MAX_INGEST_ROWS rows, or the answer refusing it. */
function rowsOf(bytes: Buffer): unknown[] | Answer {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return problem(400, 'The body is not valid UTF-8.');
  }
  if (!text.trim()) return problem(400, 'The body is empty: send a JSON array of rows.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return problem(400, `The body is not valid JSON: ${(err as Error).message}.`);
  }
  if (!Array.isArray(value)) return problem(400, `The body must be a JSON array of rows, not ${value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}.`);
  if (value.length > MAX_INGEST_ROWS) return problem(413, `At most ${MAX_INGEST_ROWS} rows per request; this one has ${value.length}.`, { rows: value.length });
  return value;
}

function outcomeAnswer(kind: RecordKind, rows: number, outcome: IngestOutcome): Answer {
  if (outcome.ok) return { status: 200, body: outcome.rows, rows };
  const errors = outcome.errors;
  const error = `${outcome.truncated ? `At least ${errors.length}` : errors.length} problem${errors.length === 1 ? '' : 's'} in the ${kind} rows: nothing was written.`;
  return { status: 400, body: { error, errors, ...(outcome.truncated && { truncated: true }) }, rows, errors: errors.length };
}

/**
 * POST /api/data/campaigns|contacts|attempts (the contract's "Live data (HTTP ingest)"): a JSON array of rows with a
 * CSV file's columns as keys, written all or nothing (src/data/ingest.ts) with a bearer token of INGEST_TOKEN. The
 * body is read here, not by restify's parser (server.ts skips these routes), up to 5 MB. Requests are written one at
 * a time, in arrival order. Every answer to a request with a token's name, or without one, goes on the audit log.
 * Without `parts` (no INGEST_TOKEN) the routes answer 404.
 */
export function registerIngest(server: Server, parts: IngestParts | undefined): void {
  const queue = new KeyedLock();
  let waiting = 0;
  for (const kind of RECORD_KINDS) {
    const path = `/api/data/${kind}`;
    server.post(path, async (req: Request, res: Response) => {
      if (!parts) {
        res.setHeader('Connection', 'close');
        res.send(404, { error: 'Live data ingest is disabled on this server: set INGEST_TOKEN to enable it.' });
        return;
      }
      const who = parts.tokens.identify(req.headers.authorization);
      const answer = await handle(parts, req, who, kind);
      await parts.audit.record({
        at: new Date().toISOString(),
        who: who ? [who] : [],
        channel: 'http',
        action: 'data.ingest',
        target: path,
        decision: answer.status === 200 ? 'accepted' : 'refused',
        status: answer.status,
        ...(answer.rows !== undefined && { rows: answer.rows }),
        ...(answer.errors !== undefined && { errors: answer.errors }),
      });
      if (res.destroyed) return;
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
      // a body left unread (refused before or while reading) is not followed by another request on this connection
      if (!req.complete) res.setHeader('Connection', 'close');
      res.send(answer.status, answer.body);
    });
  }

  async function handle(parts: IngestParts, req: Request, who: string | undefined, kind: RecordKind): Promise<Answer> {
    if (!who) return problem(401, 'Unauthorized: send Authorization: Bearer <token>, with a token of INGEST_TOKEN.', { headers: { 'WWW-Authenticate': 'Bearer' } });
    const contentProblem = jsonContentProblem(req);
    if (contentProblem) return problem(415, `Unsupported body: ${contentProblem}.`);
    const body = await readBody(req, MAX_INGEST_BYTES);
    if (!body.ok) return problem(body.status === 0 ? 400 : body.status, `Refused: ${body.error}.`);
    if (waiting >= MAX_WAITING) return problem(503, 'Too many ingest requests are waiting; try again shortly.', { headers: { 'Retry-After': '2' } });
    waiting++;
    try {
      return await queue.run(['ingest'], async () => {
        const rows = rowsOf(body.bytes);
        if (!Array.isArray(rows)) return rows;
        return outcomeAnswer(kind, rows.length, await ingestRows(parts.writes, kind, rows));
      });
    } catch (err) {
      if (isBusyError(err)) return problem(503, 'The database is busy with another write (an import?); nothing was written, try again shortly.', { headers: { 'Retry-After': '5' } });
      logger.error({ event: 'ingest.failed', kind, err }, 'An ingest request could not be written.');
      return problem(500, 'The rows could not be written; nothing was changed.');
    } finally {
      waiting--;
    }
  }
}
