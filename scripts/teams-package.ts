/**
 * npm run teams:package: builds the Teams app package (manifest, Spanish localization, icons) as a zip to sideload.
 *   MicrosoftAppId=<guid> [TEAMS_APP_ID=<guid>] [BOT_DOMAIN=bot.example.com] npm run teams:package [-- --out DIR] [-- --allow-placeholder]
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_FILE_NAME, teamsPackageFiles, writeZip } from '../src/channels/teams/appPackage';
import { PLACEHOLDER_BOT_ID } from '../src/channels/teams/manifest';
import { PackageSettingsError, readPackageSettings } from '../src/channels/teams/packageSettings';
import { projectPath } from '../src/platform/paths';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'allow-placeholder': { type: 'boolean', default: false },
      out: { type: 'string', default: projectPath('dist', 'teams') },
    },
  });
  const { version } = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string };
  const settings = readPackageSettings(process.env, { allowPlaceholder: values['allow-placeholder'] }, version);
  const files = teamsPackageFiles(settings);
  const zipPath = join(resolve(values.out), PACKAGE_FILE_NAME);
  await writeZip(files, zipPath);

  const shown = relative(process.cwd(), zipPath) || zipPath;
  console.log(`Teams app package: ${shown.startsWith('..') ? zipPath : shown}`);
  console.log(`  app id ${settings.appId}, bot id ${settings.botId}, version ${settings.version}${settings.botDomain ? `, valid domain ${settings.botDomain}` : ''}`);
  console.log(`  ${files.map((f) => `${f.name} (${f.data.length} bytes)`).join(', ')}`);
  if (settings.botId === PLACEHOLDER_BOT_ID) console.log('  The bot id is a placeholder: this package validates, but Teams cannot reach a bot with it.');
  else console.log('  Sideload it in Teams: Apps > Manage your apps > Upload an app > Upload a custom app.');
}

main().catch((error: unknown) => {
  const message = error instanceof PackageSettingsError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`teams:package failed: ${message}`);
  process.exit(1);
});
