/**
 * `npm run import -- <folder>`: loads campaigns.csv, contacts.csv and attempts.csv from <folder> into the campaign
 * data: PostgreSQL when DATABASE_URL is set, else the SQLite file CAMPAIGN_DB (default data/campaigns.sqlite). All or
 * nothing: a bad row rejects the whole import, naming file, line and problem. Exit code 0 on success, 1 otherwise.
 */
import * as path from 'node:path';
import * as cliProgress from 'cli-progress';
import { pgSettings } from '../src/config';
import { campaignDataLocation } from '../src/data/campaignDataLocation';
import { formatProblem, ImportError, type ImportProgress } from '../src/data/importer';

const USAGE = 'usage: npm run import -- <folder with campaigns.csv, contacts.csv, attempts.csv>';

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.includes('-h') || args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1) {
    console.error(USAGE);
    return 1;
  }
  const folder = path.resolve(args[0]!);
  const location = campaignDataLocation({
    campaignDb: path.resolve(process.env['CAMPAIGN_DB'] || path.join('data', 'campaigns.sqlite')),
    databaseUrl: process.env['DATABASE_URL']?.trim() || undefined,
    pg: pgSettings(),
  });
  console.log(`Importing ${folder}\n     into ${location.where}`);

  const tty = Boolean(process.stdout.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  let lastPhase = '';
  const onProgress = (p: ImportProgress): void => {
    if (tty) {
      if (p.phase === 'reading') {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: '  {bar} {percentage}% | {rows} rows | {file}', hideCursor: true, clearOnComplete: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(1, p.totalBytes), 0, { rows: 0, file: '' });
        }
        bar.update(p.bytesRead, { rows: p.rows.toLocaleString('en-US'), file: p.file ?? '' });
      } else if (bar) {
        bar.update(p.totalBytes, { rows: p.rows.toLocaleString('en-US'), file: p.phase === 'finalizing' ? 'computing derived facts' : 'done' });
        if (p.phase === 'done') bar.stop();
      }
      return;
    }
    // not a terminal (CI, logs): a plain line per phase and at most every 2 s
    const now = Date.now();
    const key = `${p.phase}:${p.file ?? ''}`;
    if (key === lastPhase && now - lastLine < 2000) return;
    lastPhase = key;
    lastLine = now;
    const pct = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 100;
    if (p.phase === 'reading') console.log(`  reading ${p.file}: ${p.rows} rows, ${megabytes(p.bytesRead)} of ${megabytes(p.totalBytes)} (${pct}%)`);
    else if (p.phase === 'finalizing') console.log(`  computing derived facts (${p.rows} rows read)`);
  };

  try {
    const s = await location.importFolder(folder, { onProgress });
    (bar as cliProgress.SingleBar | null)?.stop();
    console.log(
      `Imported ${s.campaigns} campaigns, ${s.contacts} contacts, ${s.attempts} attempts ` +
        `in ${s.seconds.toFixed(2)} s (${s.rowsPerSecond.toLocaleString('en-US')} rows/s).`,
    );
    return 0;
  } catch (err) {
    (bar as cliProgress.SingleBar | null)?.stop();
    if (err instanceof ImportError) {
      console.error(`\n${err.problems.length}${err.truncated ? '+' : ''} problem${err.problems.length === 1 ? '' : 's'} found:`);
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`);
      if (err.truncated) console.error(`  (stopped after ${err.problems.length} problems)`);
      console.error('Import rejected: nothing was imported (the database is unchanged).');
      return 1;
    }
    // not the user's data: say what happened, a stack trace only on request
    const e = err as Error & { code?: string };
    console.error(`\nImport failed: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`);
    if (process.env['DEBUG']) console.error(e.stack);
    console.error('nothing was imported (the database is unchanged).');
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`Import failed: ${(err as Error)?.message ?? String(err)}`);
    process.exitCode = 1;
  },
);
