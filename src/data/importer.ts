/**
 * Imports campaigns.csv, contacts.csv and attempts.csv (contract: "Campaign data import") into a campaign store,
 * all or nothing: the files are read (import/csvReader.ts), each row validated by its spec (rowSpecs.ts) and
 * streamed into one batch write of the store (campaignStore.ts), which commits the rows with their derived facts.
 *
 * - A problem names file, physical line (header = 1) and problem. Up to MAX_PROBLEMS are collected, then reading
 *   stops. A file whose header or CSV syntax is broken ends the import there.
 * - Any problem rolls the batch back, so the data is exactly as before.
 * - Duplicate ids within a file and references to missing rows are the store's to find (it sees what it holds);
 *   a duplicate's report is completed with the line of the first occurrence by a second look at the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RECORD_KINDS, sinkOf, type BatchWrite, type CampaignWrites, type RecordKind, type RowRejection, type WriteStrategy } from './campaignStore';
import { findIdLines, readCsvFile, type Columns, type ReadContext, type RowHandler } from './import/csvReader';
import { ImportError, MAX_PROBLEMS, Problems, type ImportProblem } from './import/problems';
import { IMPORT_FILES, quote, ROW_SPECS, unknownReferenceProblem, validateRow, type ImportFile, type ReferenceCheck, type RowSpec } from './rowSpecs';
import { SqliteBatchWrite } from './sqliteBatchWrite';

export { formatProblem, ImportError, MAX_PROBLEMS, type ImportProblem } from './import/problems';
export { canonicalTimeZone, IMPORT_FILES, MAX_ID_LENGTH, type ImportFile } from './rowSpecs';

export type ImportStrategy = WriteStrategy;

export interface ImportSummary {
  /** Data rows read per file. */
  campaigns: number;
  contacts: number;
  attempts: number;
  seconds: number;
  rowsPerSecond: number;
  strategy: ImportStrategy;
}

export interface ImportProgress {
  phase: 'reading' | 'finalizing' | 'done';
  /** File being read (phase `reading`). */
  file: ImportFile | null;
  /** Data rows read so far, all files. */
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  /** Called at most every 100 ms while reading, and at each phase change. */
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per write to the store (default 1000). */
  batchSize?: number;
  /**
   * `incremental`: keep the indexes, recompute only what changed. `bulk`: drop the secondary indexes during the
   * load, rebuild them and recompute everything at the end. `auto` (default): bulk when the files are large
   * compared with the data already stored.
   */
  strategy?: 'auto' | ImportStrategy;
}

/** The three files' sizes in bytes; a missing folder or file is reported before the store is touched. */
function fileSizes(folder: string): Record<ImportFile, number> {
  let isFolder = false;
  try {
    isFolder = fs.statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new ImportError([{ file: folder, line: 0, message: 'folder not found' }]);
  const sizes = {} as Record<ImportFile, number>;
  const missing: ImportProblem[] = [];
  for (const file of IMPORT_FILES) {
    try {
      const st = fs.statSync(path.join(folder, file));
      if (!st.isFile()) throw new Error('not a file');
      sizes[file] = st.size;
    } catch {
      missing.push({ file, line: 0, message: `file not found in ${folder}` });
    }
  }
  if (missing.length) throw new ImportError(missing);
  return sizes;
}

/** The column of a spec that refers to rows of `parent`. */
function referenceColumn(spec: RowSpec<RecordKind>): string {
  return spec.columns.find((c) => c.references)?.name ?? '';
}

/** Imports the three files of `folder` into `store` in one batch. Throws ImportError, with nothing imported, on any problem. */
export async function importCsvFolder(store: CampaignWrites, folder: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  const sizes = fileSizes(folder);
  const totalBytes = IMPORT_FILES.reduce((sum, f) => sum + sizes[f], 0);

  const problems = new Problems(MAX_PROBLEMS);
  const counts: Record<RecordKind, number> = { campaigns: 0, contacts: 0, attempts: 0 };
  let bytesRead = 0;
  let rowsRead = 0;
  let current: RecordKind = 'campaigns';
  let lastReport = 0;
  const report = (phase: ImportProgress['phase'], force = false): void => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    options.onProgress({ phase, file: phase === 'reading' ? ROW_SPECS[current].file : null, rows: rowsRead, bytesRead, totalBytes });
  };
  const ctx: ReadContext = {
    problems,
    onBytes: (n) => {
      bytesRead += n;
      report('reading');
    },
    onRow: () => {
      rowsRead++;
      counts[current]++;
    },
  };

  // ids whose row was rejected (and reported): the rows referring to them are not reported again
  const rejected: Record<RecordKind, Set<string>> = { campaigns: new Set(), contacts: new Set(), attempts: new Set() };
  /** Duplicate-id problems, completed with the other lines once their file is read. */
  const duplicates: { problem: ImportProblem; id: string }[] = [];
  const onRejected = (r: RowRejection): void => {
    const spec = ROW_SPECS[r.kind];
    if (r.reason === 'duplicate') {
      const problem = problems.add(spec.file, r.tag, `duplicate ${spec.key.name} ${quote(r.id)}`);
      if (problem) duplicates.push({ problem, id: r.id });
    } else if (r.reference !== undefined && !rejected[r.kind === 'attempts' ? 'contacts' : 'campaigns'].has(r.reference)) {
      problems.add(spec.file, r.tag, unknownReferenceProblem(referenceColumn(spec), r.reference));
    }
  };
  const explainDuplicates = async (spec: RowSpec<RecordKind>): Promise<void> => {
    const mine = duplicates.filter((d) => d.problem.file === spec.file);
    if (!mine.length) return;
    const found = await findIdLines(spec, path.join(folder, spec.file), spec.key.name, new Set(mine.map((d) => d.id)));
    // batches may be written out of order: blame the later occurrences, in line order, pointing at the first
    const byId = new Map<string, ImportProblem[]>();
    for (const d of mine) byId.set(d.id, [...(byId.get(d.id) ?? []), d.problem]);
    for (const [id, idProblems] of byId) {
      const lines = found.get(id) ?? [];
      if (lines.length < 2) continue;
      idProblems.sort((a, b) => a.line - b.line);
      idProblems.forEach((problem, k) => {
        problem.line = lines[Math.min(k + 1, lines.length - 1)]!;
        problem.message += ` (first on line ${lines[0]})`;
      });
    }
  };

  const batch: BatchWrite = await store.beginBatch({
    source: path.resolve(folder),
    strategy: options.strategy,
    // rows estimated generously from the file sizes
    incomingRows: Math.ceil((sizes['contacts.csv'] + sizes['attempts.csv']) / 40),
    rowsPerWrite: options.batchSize,
    onRejected,
  });
  try {
    const knownCampaigns = new Set(await batch.campaignIds());
    const references: ReferenceCheck = (kind, id) => {
      if (kind === 'campaigns' && !knownCampaigns.has(id)) return 'unknown';
      return rejected[kind].size > 0 && rejected[kind].has(id) ? 'rejected' : 'ok';
    };
    /** Validates each row of `spec`'s file and hands the good ones to the batch. */
    const rowHandler =
      <K extends RecordKind>(spec: RowSpec<K>) =>
      (columns: Columns): RowHandler => {
        const indexes = spec.columns.map((c) => columns[c.name] ?? -1);
        let fields: string[] = [];
        const cell = (position: number): string => {
          const i = indexes[position]!;
          return i >= 0 ? fields[i]!.trim() : '';
        };
        const sink = sinkOf(batch, spec.kind);
        return (f, line) => {
          fields = f;
          const outcome = validateRow(spec, cell, references);
          for (const p of outcome.problems) problems.add(spec.file, line, p.problem);
          if (outcome.key !== null && spec.kind === 'campaigns') knownCampaigns.add(outcome.key);
          if (outcome.record) return sink.add(outcome.record, line);
          if (outcome.key !== null) rejected[spec.kind].add(outcome.key);
        };
      };

    let readable = true;
    for (const kind of RECORD_KINDS) {
      if (!readable) break;
      const spec: RowSpec<RecordKind> = ROW_SPECS[kind];
      current = kind;
      report('reading', true);
      readable = await readCsvFile(spec, path.join(folder, spec.file), ctx, rowHandler(spec));
      await batch[kind].finish();
      await explainDuplicates(spec);
    }

    if (problems.list.length) {
      const order = (p: ImportProblem): number => IMPORT_FILES.indexOf(p.file as ImportFile);
      const sorted = [...problems.list].sort((a, b) => order(a) - order(b) || a.line - b.line);
      throw new ImportError(sorted, problems.full);
    }
    report('finalizing', true);
    await batch.commit();
  } catch (err) {
    await batch.rollback();
    throw err;
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report('done', true);
  return {
    campaigns: counts.campaigns,
    contacts: counts.contacts,
    attempts: counts.attempts,
    seconds,
    rowsPerSecond: seconds > 0 ? Math.round(rowsRead / seconds) : rowsRead,
    strategy: batch.strategy,
  };
}

/** A target: a SQLite file's path, or a store (any engine) whose batch write the rows go through. */
export type ImportTarget = string | CampaignWrites;

/**
 * Imports the three files of `folder` into `target`: a store's batch write, or the SQLite database at a path (created
 * and migrated when missing) on a connection of its own. Throws ImportError, with nothing imported, when the folder
 * or a file is missing or any row is bad; a database file the import created is then removed.
 */
export async function importFolder(target: ImportTarget, folder: string, options: ImportOptions = {}): Promise<ImportSummary> {
  if (typeof target !== 'string') return importCsvFolder(target, folder, options);
  const dbPath = target;
  let created = false;
  let succeeded = false;
  try {
    const summary = await importCsvFolder(
      {
        beginBatch: (batchOptions) => {
          fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
          created = !fs.existsSync(dbPath);
          return SqliteBatchWrite.begin(dbPath, batchOptions);
        },
      },
      folder,
      options,
    );
    succeeded = true;
    return summary;
  } finally {
    if (created && !succeeded) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
  }
}
