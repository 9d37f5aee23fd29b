import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface Origin {
  /** `http://host:port` or `https://...`: how the client reached us. */
  http: string;
  /** The same host as `ws://` or `wss://`. */
  ws: string;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Our own origin as the client sees it, from the Host header (and X-Forwarded-Proto behind a TLS proxy).
 * A Host that is no plain host name falls back to the local address, so nothing odd reaches a URL or a header.
 */
export function requestOrigin(req: IncomingMessage): Origin {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
  const secure = forwarded === 'https' || Boolean((req.socket as TLSSocket).encrypted);
  const given = req.headers.host ?? '';
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = HOST.test(given) ? given : `${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? ''}`;
  return { http: `${secure ? 'https' : 'http'}://${host}`, ws: `${secure ? 'wss' : 'ws'}://${host}` };
}
