/**
 * npm run build: after tsc, the server is bundled into one file, dist/bot.js, which `npm start` runs.
 *
 * Why: the bot loads about 1,450 CommonJS modules (botbuilder alone brings the Azure SDK, restify brings spdy and
 * pino). Node resolves each one with stat calls and reads each file; that, not our own start, was most of the second
 * a start-up took. One file skips the resolution and the reads, and dropping whitespace shortens V8's parse.
 * Identifiers are kept, so stack traces and profiles still name our functions.
 *
 * Left outside: native addons (sqlite3, and the optional pg-native and dtrace-provider), and botframework-webchat,
 * whose files the server serves from its package folder (found with require.resolve).
 */
import { build } from 'esbuild';
import { projectPath } from '../src/platform/paths';

const BUNDLE_EXTERNALS = ['sqlite3', 'pg-native', 'dtrace-provider', 'botframework-webchat'];

export async function bundleServer(outfile = projectPath('dist', 'bot.js')): Promise<void> {
  await build({
    entryPoints: [projectPath('src', 'start.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: BUNDLE_EXTERNALS,
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
}

if (require.main === module) {
  bundleServer(process.argv[2]).catch((err: unknown) => {
    process.stderr.write(`The bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
