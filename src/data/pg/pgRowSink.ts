/**
 * One kind of row of a PostgreSQL batch write: rows are streamed with COPY (pg-copy-streams, text format), `rowsPerWrite`
 * lines per write, waiting whenever the connection's buffer is full; the server parses them on its own core meanwhile.
 * Into a temporary staging table, each line tagged, which the batch sorts out and writes set-based when the sink
 * finishes (pgBatchWrite.ts); or, into a table emptied for a bulk load, straight into the table (COPY FREEZE: no
 * second copy, and the rows are written frozen, so nothing rewrites them after the load), the tags kept here in the
 * rows' order for the rare batch that must be sorted out after all (pgEmptyLoad.ts).
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RowSink } from '../campaignStore';
import type { SqlValue } from '../sql';
import type { AnyTableRows, TableRows } from '../tableRows';

type CopyStream = ReturnType<typeof copyFrom>;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;

/** A value in COPY's text format: \N for null, backslash escapes for the delimiter, line ends and the backslash. */
export function copyValue(value: SqlValue): string {
  if (value === null) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : text;
}

/**
 * What a sink may have written but not yet sent before it waits: the rows read while the server still runs what the
 * COPY's message carries ahead of it (the previous kind's indexes, pgEmptyLoad.ts), so reading goes on meanwhile.
 */
const BUFFERED_BYTES = 64 * 1024 * 1024;

/** The staging table of a kind of row: the row's tag, then the table's columns. */
export const stagingTable = (rows: AnyTableRows): string => `stage_${rows.kind}`;

/**
 * Where a sink's rows go: its staging table, or its table itself, emptied for the batch, stamped with the batch's id
 * (`before`: statements the COPY's message carries ahead of it).
 */
export type CopyTarget = { into: 'staging' } | { into: 'table'; batchId: number; before: () => string };

export class PgRowSink<R> implements RowSink<R> {
  private lines: string[] = [];
  private stream: CopyStream | undefined;
  /** Rows added (staged), before the batch sorts them out. */
  added = 0;
  /** The tags of the rows written straight into the table, in their order (the table's physical order). */
  readonly tags: number[] = [];
  private lineEnd: string;
  /** The COPY's failure (the server refused it, or a statement its message carried ahead of it). */
  private copyError: unknown;

  constructor(
    private readonly client: Client,
    private readonly rows: TableRows<R>,
    private readonly size: number,
    /** Sorts out and writes what was staged; the sink's rows are written once it resolves. */
    private readonly settle: () => Promise<void>,
    private copyTarget: CopyTarget = { into: 'staging' },
  ) {
    this.lineEnd = copyTarget.into === 'table' ? `\t${copyTarget.batchId}\n` : '\n';
  }

  get target(): CopyTarget {
    return this.copyTarget;
  }

  add(record: R, tag: number): Promise<void> | void {
    const values = this.rows.toRow(record);
    // a staged line starts with its tag; a line into the table keeps its tag here instead
    let line: string;
    if (this.copyTarget.into === 'table') {
      this.tags.push(tag);
      line = '';
    } else line = `${tag}\t`;
    line += copyValue(values[0]!);
    for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i]!)}`;
    this.lines.push(line + this.lineEnd);
    this.added++;
    if (this.lines.length >= this.size) return this.flush();
  }

  private flush(): Promise<void> | void {
    this.stream ??= this.open();
    const ok = this.stream.write(this.lines.join(''));
    this.lines = [];
    if (this.copyError !== undefined) return Promise.reject(this.copyError);
    // rejects when the COPY fails meanwhile
    if (!ok) return once(this.stream, 'drain').then(() => undefined);
  }

  private open(): CopyStream {
    const sql =
      this.copyTarget.into === 'table'
        ? `${this.copyTarget.before()}COPY ${this.rows.kind} (${[...this.rows.columns, 'import_id'].join(', ')}) FROM STDIN WITH (FREEZE)`
        : `COPY ${stagingTable(this.rows)} (${['tag', ...this.rows.columns].join(', ')}) FROM STDIN`;
    const stream = this.client.query(copyFrom(sql, { highWaterMark: BUFFERED_BYTES }));
    // thrown by flush() or finish(): the stream is not ended by it, so finished() would not see one that came before
    stream.on('error', (error: unknown) => (this.copyError ??= error));
    return stream;
  }

  async finish(): Promise<void> {
    if (this.lines.length) await this.flush();
    const stream = this.stream;
    this.stream = undefined;
    if (stream) {
      if (this.copyError === undefined) {
        stream.end();
        await finished(stream);
      }
      if (this.copyError !== undefined) throw this.copyError;
    }
    await this.settle();
    // the table has its rows and key now: rows added after them are staged and sorted out
    if (this.copyTarget.into === 'table') {
      this.copyTarget = { into: 'staging' };
      this.lineEnd = '\n';
      this.tags.length = 0;
    }
  }

  /** After a failure elsewhere: stops a COPY in progress (the transaction is rolled back anyway). */
  close(): void {
    this.stream?.destroy();
    this.stream = undefined;
    this.lines = [];
  }
}
