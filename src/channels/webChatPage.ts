import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Next, Request, Response, Server } from 'restify';
import { projectPath } from '../platform/paths';
import { requestOrigin } from './directLine/origin';

export interface WebChatPageOptions {
  /** Folder of index.html, app.js and app.css (default `public/`). */
  publicDir?: string;
  /** CSP frame-ancestors: which sites may embed the page (default: any; env `WEBCHAT_FRAME_ANCESTORS`). */
  frameAncestors?: string;
}

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** botframework-webchat's package folder. Its `exports` hide `dist/`, so go up from the main entry to its package.json. */
export function webChatPackage(): { dir: string; version: string } {
  let dir = dirname(require.resolve('botframework-webchat'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === 'botframework-webchat') return { dir, version: version ?? '0' };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('botframework-webchat is not installed (no package folder found).');
    dir = parent;
  }
}

function asset(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/** Only our own server, plus what Web Chat needs: inline styles (emotion) and its WebSocket to us. */
export function contentSecurityPolicy(req: Request, frameAncestors?: string): string {
  const { http, ws } = requestOrigin(req);
  const host = http.replace(/^https?:\/\//, '');
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    `connect-src 'self' ${ws} ${ws.startsWith('wss:') ? 'ws' : 'wss'}://${host}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ];
  if (frameAncestors) directives.push(`frame-ancestors ${frameAncestors}`);
  return directives.join('; ');
}

function sendAsset(req: Request, res: Response, file: Asset, extraHeaders: Record<string, string> = {}): void {
  const headers = { 'Content-Type': file.type, ETag: file.etag, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', ...extraHeaders };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(file.body.length) });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/**
 * The web chat page: `GET /` (index.html), its script and style, and the stock Web Chat bundle streamed from
 * node_modules, so the page works with nothing fetched from anywhere but this server.
 */
export function registerWebChatPage(server: Server, options: WebChatPageOptions = {}): void {
  const publicDir = options.publicDir ?? projectPath('public');
  const frameAncestors = options.frameAncestors ?? (process.env.WEBCHAT_FRAME_ANCESTORS?.trim() || undefined);
  const webChat = webChatPackage();
  const bundlePath = join(webChat.dir, 'dist', 'webchat.js');
  if (!existsSync(bundlePath)) throw new Error(`The Web Chat bundle is missing: ${bundlePath}`);

  // The bundle's URL carries its version, so it can be cached for good and still change with an upgrade.
  const page = asset(Buffer.from(readFileSync(join(publicDir, 'index.html'), 'utf8').replaceAll('{{webchatVersion}}', encodeURIComponent(webChat.version))), 'text/html; charset=utf-8');
  const files: Record<string, Asset> = {
    '/app.js': asset(readFileSync(join(publicDir, 'app.js')), 'application/javascript; charset=utf-8'),
    '/app.css': asset(readFileSync(join(publicDir, 'app.css')), 'text/css; charset=utf-8'),
  };
  let gzipped: Promise<Buffer> | undefined;
  const bundleEtag = `"webchat-${webChat.version}"`;

  server.get('/', (req: Request, res: Response, next: Next) => {
    sendAsset(req, res, page, { 'Content-Security-Policy': contentSecurityPolicy(req, frameAncestors), 'Referrer-Policy': 'no-referrer' });
    next();
  });
  for (const [path, file] of Object.entries(files)) {
    server.get(path, (req: Request, res: Response, next: Next) => {
      sendAsset(req, res, file);
      next();
    });
  }

  server.get('/webchat.js', async (req: Request, res: Response) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: bundleEtag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    };
    if (req.headers['if-none-match'] === bundleEtag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      // Compressed once, on first use: 3.8 MB becomes about 1 MB.
      gzipped ??= promisify(gzip)(readFileSync(bundlePath)).catch((error: unknown) => {
        gzipped = undefined;
        throw error;
      });
      const body = await gzipped;
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) });
      res.end(body);
      return;
    }
    res.writeHead(200, headers);
    await new Promise<void>((resolve) => {
      const stream = createReadStream(bundlePath);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
  });
}
