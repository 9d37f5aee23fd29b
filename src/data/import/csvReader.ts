/**
 * Reads a CSV file of the import with exact physical line numbers (csvParser.ts): columns in any order (header names
 * are case-insensitive), extra columns ignored, RFC 4180 quoting, UTF-8 with or without BOM, CRLF or LF line ends.
 * Header and syntax problems name the file and line; the rows go to a handler one by one.
 */
import * as fs from 'node:fs';
import type { RecordKind } from '../campaignStore';
import type { ImportFile, RowSpec } from '../rowSpecs';
import { CsvParser, CsvSyntaxError, type CsvRecords } from './csvParser';
import { MAX_PROBLEMS, type Problems } from './problems';

/** Thrown inside a file's reader to stop reading (problem limit reached). */
class StopReading extends Error {}

/** Column name -> index in the record (-1 for an absent optional column). */
export type Columns = Record<string, number>;

export type RowHandler = (fields: string[], line: number) => void | Promise<void>;

export interface ReadContext {
  /** Null: a quiet re-read (no problems recorded). */
  problems: Problems | null;
  onBytes?: (n: number) => void;
  onRow?: () => void;
}

/** A record whose fields are all blank (an empty line, spaces, only commas): skipped. */
function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f.length > 0 && f.trim() !== '') return false;
  return true;
}

/**
 * Streams one CSV file: checks the header, then hands each non-blank data row to the handler made by `handleRow`
 * (awaiting it when it returns a promise). Returns false when the file could not be read to its end (header or
 * CSV syntax problem, or the problem limit).
 */
export async function readCsvFile(spec: RowSpec<RecordKind>, filePath: string, ctx: ReadContext, handleRow: (columns: Columns) => RowHandler): Promise<boolean> {
  const file = spec.file;
  const problems = ctx.problems;
  // 64 KB chunks: a chunk is parsed in one synchronous go, during which no batch can be handed to SQLite; small
  // chunks keep those stalls shorter than the work already queued
  const input = fs.createReadStream(filePath, { highWaterMark: 64 * 1024, encoding: 'utf8' });
  const parser = new CsvParser();
  let handler: RowHandler | null = null;
  let width = 0;
  let line = 1; // of the record being handled

  /** Hands the records on; false when the header is refused. */
  const handle = async (records: CsvRecords): Promise<boolean> => {
    const { fields: all, lines } = records;
    for (let r = 0; r < all.length; r++) {
      const fields = all[r]!;
      line = lines[r]!;
      if (handler === null) {
        const columns = checkHeader(file, fields, spec, problems);
        if (!columns) return false;
        width = fields.length;
        handler = handleRow(columns);
        continue;
      }
      if (isBlank(fields)) continue;
      ctx.onRow?.();
      if (fields.length !== width) {
        problems?.add(file, line, `expected ${width} fields as in the header, found ${fields.length}`);
      } else {
        const pending = handler(fields, line);
        if (pending) await pending;
      }
      if (problems?.full) throw new StopReading();
    }
    return true;
  };

  try {
    for await (const chunk of input as AsyncIterable<string>) {
      ctx.onBytes?.(Buffer.byteLength(chunk));
      if (!(await handle(parser.push(chunk)))) return false;
    }
    if (!(await handle(parser.end()))) return false;
  } catch (err) {
    if (err instanceof StopReading) return false;
    if (err instanceof CsvSyntaxError) {
      problems?.add(file, err.line, `malformed CSV: ${err.message}`);
      return false;
    }
    throw err;
  } finally {
    input.destroy();
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
