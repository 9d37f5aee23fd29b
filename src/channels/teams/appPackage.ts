import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ZipFile } from 'yazl';
import { ACCENT_COLOR, colorIconPng, outlineIconPng } from './appIcons';
import { ICON_FILES, buildTeamsManifest } from './manifest';
import { manifestTexts } from './manifestTexts';
import type { TeamsPackageSettings } from './packageSettings';

export interface PackageFile {
  name: string;
  data: Buffer;
}

export const MANIFEST_FILE = 'manifest.json';
export const PACKAGE_FILE_NAME = 'campaign-status-bot.zip';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');

/** What goes in the Teams app package, all at the zip's root as Teams requires: manifest, localization files, icons. */
export function teamsPackageFiles(settings: TeamsPackageSettings): PackageFile[] {
  const { manifest, localizations } = buildTeamsManifest({
    ...settings,
    accentColor: ACCENT_COLOR,
    texts: manifestTexts('en'),
    translations: { es: manifestTexts('es') },
  });
  return [
    { name: MANIFEST_FILE, data: json(manifest) },
    ...Object.entries(localizations).map(([name, content]) => ({ name, data: json(content) })),
    { name: ICON_FILES.color, data: colorIconPng() },
    { name: ICON_FILES.outline, data: outlineIconPng() },
  ];
}

/** A fixed timestamp, so the same input gives the same zip byte for byte. */
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

export async function writeZip(files: readonly PackageFile[], zipPath: string): Promise<void> {
  await mkdir(dirname(zipPath), { recursive: true });
  const zip = new ZipFile();
  for (const file of files) zip.addBuffer(file.data, file.name, { mtime: ZIP_MTIME });
  zip.end();
  const out = createWriteStream(zipPath);
  zip.outputStream.pipe(out);
  await once(out, 'close');
}
