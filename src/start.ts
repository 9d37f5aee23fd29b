/**
 * What `npm start` runs: the bot in this process (src/index.ts), or with `WEB_CONCURRENCY=N` above 1 a small cluster
 * primary (lifecycle/cluster.ts) that runs N of them on the same port. The primary loads nothing of the bot (its
 * modules take most of a start-up and a hundred MB).
 */
import cluster from 'node:cluster';
import { join } from 'node:path';
import { webConcurrency } from './config';
import { runPrimary } from './lifecycle/cluster';

function workers(): number {
  try {
    return webConcurrency();
  } catch (err) {
    process.stderr.write(`The bot could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

const count = workers();
if (count > 1 && cluster.isPrimary) {
  // the same file type as this one: index.js when compiled, index.ts under tsx
  const exec = join(__dirname, `index${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  void runPrimary({ workers: count, exec }).then((code) => process.exit(code));
} else {
  require('./index');
}
