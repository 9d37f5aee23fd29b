/**
 * One kind of row of a PostgreSQL batch write: rows are streamed with COPY (pg-copy-streams, text format) into a
 * temporary staging table, `rowsPerWrite` lines per write, waiting whenever the connection's buffer is full; the
 * server parses them on its own core meanwhile. `finish` ends the COPY and hands the staged rows to the batch, which
 * sorts out and writes them set-based (pgBatchWrite.ts).
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

/** The staging table of a kind of row: the row's tag, then the table's columns. */
export const stagingTable = (rows: AnyTableRows): string => `stage_${rows.kind}`;

export class PgRowSink<R> implements RowSink<R> {
  private lines: string[] = [];
  private stream: CopyStream | undefined;
  /** Rows added (staged), before the batch sorts them out. */
  added = 0;

  constructor(
    private readonly client: Client,
    private readonly rows: TableRows<R>,
    private readonly size: number,
    /** Sorts out and writes what was staged; the sink's rows are written once it resolves. */
    private readonly settle: () => Promise<void>,
  ) {}

  add(record: R, tag: number): Promise<void> | void {
    let line = String(tag);
    for (const value of this.rows.toRow(record)) line += `\t${copyValue(value)}`;
    this.lines.push(`${line}\n`);
    this.added++;
    if (this.lines.length >= this.size) return this.flush();
  }

  private flush(): Promise<void> | void {
    this.stream ??= this.open();
    const ok = this.stream.write(this.lines.join(''));
    this.lines = [];
    // rejects when the COPY fails meanwhile
    if (!ok) return once(this.stream, 'drain').then(() => undefined);
  }

  private open(): CopyStream {
    const columns = ['tag', ...this.rows.columns].join(', ');
    const stream = this.client.query(copyFrom(`COPY ${stagingTable(this.rows)} (${columns}) FROM STDIN`));
    stream.on('error', () => undefined); // awaited in flush() or finish()
    return stream;
  }

  async finish(): Promise<void> {
    if (this.lines.length) await this.flush();
    const stream = this.stream;
    this.stream = undefined;
    if (stream) {
      stream.end();
      await finished(stream);
    }
    await this.settle();
  }

  /** After a failure elsewhere: stops a COPY in progress (the transaction is rolled back anyway). */
  close(): void {
    this.stream?.destroy();
    this.stream = undefined;
    this.lines = [];
  }
}
