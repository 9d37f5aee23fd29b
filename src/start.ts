/**
 * What `npm start` runs: the bot in this process (src/index.ts), or with `WEB_CONCURRENCY=N` above 1 a small cluster
 * primary (lifecycle/cluster.ts) that runs N of them on the same port. The primary loads nothing of the bot (its
 * modules take most of a start-up and a hundred MB).
 */
import cluster from 'node:cluster';
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
  // the workers run this same file (the bundle, the compiled file or the source under tsx): not primaries, they load the bot
  void runPrimary({ workers: count, exec: __filename }).then((code) => process.exit(code));
} else {
  require('./index');
}
