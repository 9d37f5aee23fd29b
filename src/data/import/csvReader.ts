/**
 * Reads a CSV file of the import with exact physical line numbers: streaming csv-parse, columns in any order (header
 * names are case-insensitive), extra columns ignored, RFC 4180 quoting, UTF-8 with or without BOM, CRLF or LF line
 * ends. Header and syntax problems name the file and line; the rows go to a handler one by one.
 */
import * as fs from 'node:fs';
import { Parser } from 'csv-parse';
import type { RecordKind } from '../campaignStore';
import type { ImportFile, RowSpec } from '../rowSpecs';
import { MAX_PROBLEMS, type Problems } from './problems';

/** Thrown inside a file's reader to stop reading (problem limit reached). */
class StopReading extends Error {}

// ---------------------------------------------------------------------------------------------------------
// CSV reading with physical line numbers

interface CsvItem {
  fields: string[];
  /** csv-parse's line count when the record was emitted = the record's last line (see the CRLF fix-up). */
  lines: number;
}

/** csv-parse's stream, emitting each record with the parser's line count at the moment it was parsed. */
class LineParser extends Parser {
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null, encoding);
    const item: CsvItem = { fields: chunk as string[], lines: this.info.lines };
    return super.push(item, encoding);
  }
}

function countCrlf(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    let i = f.indexOf('\r\n');
    while (i !== -1) {
      n++;
      i = f.indexOf('\r\n', i + 2);
    }
  }
  return n;
}

/** Column name -> index in the record (-1 for an absent optional column). */
export type Columns = Record<string, number>;

export type RowHandler = (fields: string[], line: number) => void | Promise<void>;

export interface ReadContext {
  /** Null: a quiet re-read (no problems recorded). */
  problems: Problems | null;
  onBytes?: (n: number) => void;
  onRow?: () => void;
}

/**
 * Streams one CSV file: checks the header, then hands each non-blank data row to the handler made by `handleRow`
 * (awaiting it when it returns a promise). Returns false when the file could not be read to its end (header or
 * CSV syntax problem, or the problem limit).
 */
export async function readCsvFile(spec: RowSpec<RecordKind>, filePath: string, ctx: ReadContext, handleRow: (columns: Columns) => RowHandler): Promise<boolean> {
  const file = spec.file;
  const problems = ctx.problems;
  // 64 KB chunks: csv-parse parses a whole chunk in one synchronous go, during which no batch can be handed to
  // SQLite; small chunks keep those stalls shorter than the work already queued
  const input = fs.createReadStream(filePath, { highWaterMark: 64 * 1024 });
  if (ctx.onBytes) {
    const onBytes = ctx.onBytes;
    input.on('data', (chunk) => onBytes(chunk.length));
  }
  const parser = new LineParser({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false, // blank lines are skipped below, keeping line numbers exact
    record_delimiter: ['\r\n', '\n'],
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  let handler: RowHandler | null = null;
  let width = 0;
  let prevEnd = 0; // physical last line of the previous record
  let rawPrev = 0;
  let crlfFix = 0; // csv-parse counts a CRLF inside a quoted field as two lines
  try {
    for await (const item of parser as AsyncIterable<CsvItem>) {
      const fields = item.fields;
      if (item.lines - rawPrev > 1) crlfFix += countCrlf(fields);
      rawPrev = item.lines;
      const line = prevEnd + 1;
      prevEnd = item.lines - crlfFix;
      if (handler === null) {
        const columns = checkHeader(file, fields, spec, problems);
        if (!columns) return false;
        width = fields.length;
        handler = handleRow(columns);
        continue;
      }
      let blank = true;
      for (const f of fields) {
        if (f.trim() !== '') {
          blank = false;
          break;
        }
      }
      if (blank) continue;
      ctx.onRow?.();
      if (fields.length !== width) {
        problems?.add(file, line, `expected ${width} fields as in the header, found ${fields.length}`);
      } else {
        const pending = handler(fields, line);
        if (pending) await pending;
      }
      if (problems?.full) throw new StopReading();
    }
  } catch (err) {
    if (err instanceof StopReading) return false;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      const at = (err as { lines?: unknown }).lines;
      const message = (err as Error).message.replace(/ at line \d+/, '');
      problems?.add(file, typeof at === 'number' ? Math.max(1, at - crlfFix) : prevEnd + 1, `malformed CSV: ${message}`);
      return false;
    }
    throw err;
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (handler === null) {
    problems?.add(file, 1, `empty file: expected a header row with ${spec.columns.filter((c) => c.required).map((c) => c.name).join(', ')}`);
    return false;
  }
  return true;
}

function checkHeader(file: ImportFile, fields: string[], spec: RowSpec<RecordKind>, problems: Problems | null): Columns | null {
  const required = spec.columns.filter((c) => c.required).map((c) => c.name);
  const optional = spec.columns.filter((c) => !c.required).map((c) => c.name);
  const names = fields.map((f) => f.replace(/^\uFEFF/, '').trim().toLowerCase());
  const columns: Columns = {};
  let ok = true;
  names.forEach((name, i) => {
    if (name === '') return;
    if (name in columns && (required.includes(name) || optional.includes(name))) {
      problems?.add(file, 1, `column "${name}" appears twice in the header`);
      ok = false;
    }
    if (!(name in columns)) columns[name] = i;
  });
  const missing = required.filter((c) => !(c in columns));
  if (missing.length) {
    const found = names.filter(Boolean).slice(0, 12).map((n) => (n.length > 30 ? `${n.slice(0, 27)}...` : n));
    problems?.add(
      file,
      1,
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} in the header` +
        ` (found: ${found.join(', ') || 'nothing'})`,
    );
    ok = false;
  }
  for (const c of optional) if (!(c in columns)) columns[c] = -1;
  return ok ? columns : null;
}

/** Lines (up to MAX_PROBLEMS + 1 per id) on which the given ids appear in `column`: the second look behind a duplicate report. */
export async function findIdLines(spec: RowSpec<RecordKind>, filePath: string, column: string, ids: ReadonlySet<string>): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  await readCsvFile(spec, filePath, { problems: null }, (col) => {
    const i = col[column]!;
    return (f, line) => {
      const id = f[i]!.trim();
      if (!ids.has(id)) return;
      const lines = found.get(id) ?? [];
      if (lines.length <= MAX_PROBLEMS) lines.push(line);
      found.set(id, lines);
    };
  });
  return found;
}
