import type { IncomingMessage } from 'node:http';

export type BodyOutcome =
  | { ok: true; bytes: Buffer }
  | { ok: false; status: 413 | 415; error: string }
  /** The client went away: there is no one to answer. */
  | { ok: false; status: 0; error: string };

/** Is this a JSON request body (`application/json`, UTF-8 if a charset is named, no content encoding)? Else why not. */
export function jsonContentProblem(req: IncomingMessage): string | undefined {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return `the body must be JSON (Content-Type: application/json), not ${type ? `"${type.slice(0, 60)}"` : 'untyped'}`;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return `the body must be UTF-8, not ${charset.slice(0, 30)}`;
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return `content encoding "${encoding.slice(0, 30)}" is not supported: send the body uncompressed`;
  return undefined;
}

/**
 * Reads a request body of at most `maxBytes`, never holding more: a declared Content-Length over the limit is refused
 * before reading, and a body that grows past it stops being kept (the rest is read and thrown away while the 413 goes
 * out; the caller closes the connection after it).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyOutcome> {
  const tooLarge = (): BodyOutcome => ({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(tooLarge());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', onData);
      req.resume();
      settle(tooLarge());
    };
    const settle = (outcome: BodyOutcome): void => {
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(outcome);
    };
    const onEnd = (): void => settle({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onClose = (): void => settle({ ok: false, status: 0, error: 'the client closed the connection' });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onClose);
  });
}
