import type { Request, Response, Server } from 'restify';
import { canSeeCampaignData, decide, mayViewPhones } from '../access/accessControl';
import type { AuditLog } from '../access/auditLog';
import { EXPORT_PATH, type ExportLinks } from '../access/exportLinks';
import type { AccessPolicy } from '../access/roles';
import { maskPhone } from '../core/format';
import { filterKey, parseFilterKey, type ContactListRow, type ListQueries } from '../data/lists';
import type { CampaignStore } from '../data/campaignStore';
import { logger } from '../logging/logger';

export interface ListExportParts {
  links: ExportLinks;
  lists: ListQueries;
  store: CampaignStore;
  policy: AccessPolicy;
  audit: AuditLog;
}

export const CSV_COLUMNS = ['id', 'name', 'phone', 'campaign_id', 'campaign', 'current_status', 'calls_made', 'max_attempts', 'attempts_remaining', 'last_attempt_at'];

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; a leading = + - @ is kept as text. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: ContactListRow, showPhones: boolean): string {
  const values = [row.id, row.name, showPhones ? row.phone : maskPhone(row.phone), row.campaignId, row.campaignName, row.currentStatus, row.callsMade, row.maxAttempts, row.attemptsRemaining, row.lastAttemptAt];
  return `${values.map(field).join(',')}\r\n`;
}

/** Rows per write: fewer, larger writes to the socket. */
const ROWS_PER_WRITE = 500;

/** The CSV of `rows`, header first, in pieces of a few hundred lines. */
export async function* csvPieces(rows: AsyncIterable<ContactListRow>, showPhones: boolean): AsyncIterable<{ text: string; rows: number }> {
  yield { text: `${CSV_COLUMNS.join(',')}\r\n`, rows: 0 };
  let lines: string[] = [];
  for await (const row of rows) {
    lines.push(csvLine(row, showPhones));
    if (lines.length === ROWS_PER_WRITE) {
      yield { text: lines.join(''), rows: lines.length };
      lines = [];
    }
  }
  if (lines.length) yield { text: lines.join(''), rows: lines.length };
}

/**
 * GET /api/lists/export.csv?g=<grant>&s=<signature>: the whole list a signed link names, streamed row by row as CSV,
 * for the viewer in the grant and only the campaigns they may still see; phones masked unless their role may see them.
 * A forged, changed or expired link gets 403; each export is put on the audit log.
 */
export function registerListExport(server: Server, parts: ListExportParts): void {
  server.get(EXPORT_PATH, async (req: Request, res: Response) => {
    // read from the URL itself: the server runs no query parser
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const checked = parts.links.check(query.get('g'), query.get('s'));
    const filter = checked.ok ? parseFilterKey(checked.grant.filter) : null;
    if (!checked.ok || !filter) {
      res.send(403, { error: checked.ok ? 'This link names no list.' : checked.reason === 'expired' ? 'This download link has expired: ask for the list again.' : 'This download link is not valid.' });
      return;
    }
    const { grant } = checked;
    const at = (): string => new Date().toISOString();
    const entry = { who: [...grant.viewer.ids], channel: grant.viewer.channel, action: 'list.export' as const, filter: filterKey(filter) };
    const target = grant.campaignIds.length === 1 ? grant.campaignIds[0]! : '*';
    if (!canSeeCampaignData(parts.policy, grant.viewer)) {
      await parts.audit.record({ at: at(), ...entry, target, decision: 'refused' });
      res.send(403, { error: 'You may not see this list.' });
      return;
    }
    const asked = new Set(grant.campaignIds);
    const campaignIds = (await parts.store.listCampaigns()).filter((c) => asked.has(c.id) && decide(parts.policy, grant.viewer, c) === 'allow').map((c) => c.id);
    const showPhones = mayViewPhones(parts.policy, grant.viewer);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="contacts-${filterKey(filter).replace(/[^a-z0-9_-]/gi, '-')}.csv"`,
      'cache-control': 'no-store',
    });
    let rows = 0;
    try {
      for await (const piece of csvPieces(parts.lists.contactRows({ campaignIds, filter }), showPhones)) {
        rows += piece.rows;
        // backpressure: wait for the client before reading the next rows
        if (!res.write(piece.text)) {
          await new Promise<void>((resolve) => {
            res.once('drain', resolve);
            res.once('close', resolve);
          });
        }
        if (res.destroyed) break;
      }
    } catch (err) {
      logger.error({ event: 'export.failed', err }, 'A list export failed.');
      res.destroy();
    }
    await parts.audit.record({ at: at(), ...entry, target, decision: 'allowed', rows });
    res.end();
  });
}
