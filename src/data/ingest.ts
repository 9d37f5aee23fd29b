/**
 * The contract's "Live data (HTTP ingest)" below HTTP: the rows of one kind from one request, validated by the row
 * specs the CSV import uses (rowSpecs.ts) and written in one incremental batch (only the touched contacts' facts and
 * their campaigns' aggregates are brought up to date), all or nothing. Ids are upserted, so a retried request changes
 * nothing the second time.
 *
 * Problems name the row (its 0-based index) and the column: a bad value, an id twice in the request (found here),
 * a reference to a campaign or contact that does not exist (found by the store, which sees what it holds).
 */
import { sinkOf, type CampaignWrites, type CommitResult, type RecordKind, type RowRejection } from './campaignStore';
import { MAX_PROBLEMS } from './import/problems';
import { quote, ROW_SPECS, unknownReferenceProblem, validateJsonRows, type RowError } from './rowSpecs';

/** Most rows one request may hold. */
export const MAX_INGEST_ROWS = 10_000;
/** Largest request body, in bytes. */
export const MAX_INGEST_BYTES = 5 * 1024 * 1024;
/** Most problems reported for one request (as for one import). */
export const MAX_INGEST_ERRORS = MAX_PROBLEMS;

/** What a batch of the ingest is recorded as coming from (DataChange.source). */
export const INGEST_SOURCE = 'ingest';

export type IngestOutcome = ({ ok: true } & CommitResult) | { ok: false; errors: RowError[]; truncated: boolean };

/** Writes `rows` (parsed JSON, not yet checked) of `kind` into the store in one batch, or nothing when any row is bad. */
export async function ingestRows<K extends RecordKind>(writes: CampaignWrites, kind: K, rows: readonly unknown[]): Promise<IngestOutcome> {
  const spec = ROW_SPECS[kind];
  const { records, errors, truncated } = validateJsonRows(spec, rows, MAX_INGEST_ERRORS);
  const firstRow = new Map<string, number>();
  const unique = records.filter(({ row, record }) => {
    const first = firstRow.get(record.id);
    if (first === undefined) firstRow.set(record.id, row);
    else errors.push({ row, column: spec.key.name, problem: `duplicate ${spec.key.name} ${quote(record.id)} (first at row ${first})` });
    return first === undefined;
  });
  if (truncated || errors.length >= MAX_INGEST_ERRORS) return refused(errors, truncated);

  const referenceColumn = spec.columns.find((c) => c.references)?.name ?? '';
  const batch = await writes.beginBatch({
    source: INGEST_SOURCE,
    strategy: 'incremental',
    incomingRows: unique.length,
    onRejected: (r: RowRejection) =>
      errors.push(
        r.reason === 'duplicate'
          ? { row: r.tag, column: spec.key.name, problem: `duplicate ${spec.key.name} ${quote(r.id)}` }
          : { row: r.tag, column: referenceColumn, problem: unknownReferenceProblem(referenceColumn, r.reference ?? '') },
      ),
  });
  try {
    const sink = sinkOf(batch, kind);
    for (const { row, record } of unique) {
      const pending = sink.add(record, row);
      if (pending) await pending;
    }
    await sink.finish();
    if (errors.length) {
      await batch.rollback();
      return refused(errors);
    }
    return { ok: true, ...(await batch.commit()) };
  } catch (err) {
    await batch.rollback();
    throw err;
  }
}

/** The problems in row order, up to the limit; `more`: validation stopped before the last row. */
function refused(errors: RowError[], more = false): IngestOutcome {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  return { ok: false, errors: sorted.slice(0, MAX_INGEST_ERRORS), truncated: more || sorted.length > MAX_INGEST_ERRORS };
}
