/**
 * The open loop in a process of its own, so that the benchmark's process (which holds every round's latencies, three
 * load generators and their crowds) does not pause a scheduled send or the reading of an answer with its own garbage
 * collection: the open loop measures the server's tail, and a client's hiccup would be counted as the server's.
 * The client first runs the same load for WARM_UP_MS unmeasured (its own compilation and first allocations, as the
 * closed loops have their warm-up). Run by `runOpenLoadApart`; prints the OpenLoadResult as JSON on its last line.
 */
import { spawn } from 'node:child_process';
import { runOpenLoad, type OpenLoadPlan, type OpenLoadResult } from './openLoad';
import { loadDemoContacts } from './turnMix';

interface Request {
  baseUrl: string;
  plan: OpenLoadPlan;
  options: { seed: number; label: string; channelId?: string };
}

export function runOpenLoadApart(request: Request): Promise<OpenLoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`the open-loop client exited with ${code}`));
      try {
        resolve(JSON.parse(last) as OpenLoadResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

const WARM_UP_MS = 3_000;

async function main(request: Request): Promise<OpenLoadResult> {
  const contacts = loadDemoContacts();
  await runOpenLoad(request.baseUrl, contacts, { ...request.plan, durationMs: WARM_UP_MS }, { ...request.options, label: `${request.options.label}-warm-up` });
  return runOpenLoad(request.baseUrl, contacts, request.plan, request.options);
}

if (require.main === module) {
  main(JSON.parse(process.argv[2] ?? '{}') as Request).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`open loop failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
