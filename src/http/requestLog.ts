import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Request, Response, Server } from 'restify';
import { logger } from '../logging/logger';
import { withRequestId } from '../logging/turnContext';

const requestIds = new WeakMap<Request, string>();

/** The route a request matched (`/v3/directline/conversations/:conversationId`), never its URL: the query may hold a token. */
function routeOf(req: Request): string {
  const path = (req.getRoute() as ReturnType<Request['getRoute']> | null | undefined)?.path;
  return typeof path === 'string' ? path : '(no route)';
}

/**
 * Gives every request an id (readable anywhere in its handling, see turnContext.ts, and returned as `x-request-id`) and
 * logs it once answered: method, route, status, duration. Register before any other handler.
 */
export function logRequests(server: Server): void {
  server.pre((req: Request, res: Response, next) => {
    const requestId = randomUUID();
    const started = performance.now();
    requestIds.set(req, requestId);
    res.setHeader('x-request-id', requestId);
    res.once('close', () => {
      const status = res.statusCode;
      const fields = {
        event: 'http.request',
        requestId,
        method: req.method,
        route: routeOf(req),
        status,
        durationMs: Math.round(performance.now() - started),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      const line = `${fields.method} ${fields.route} ${status}`;
      // 503 is the drain's refusal, expected while stopping
      if (status >= 500 && status !== 503) logger.error(fields, line);
      else if (status === 503) logger.warn(fields, line);
      else logger.info(fields, line);
    });
    withRequestId(() => {
      logger.debug({ event: 'http.received', method: req.method }, 'request received');
      next();
    }, requestId);
  });
}

/**
 * Re-enters the request's id after the body parser, which reads the body in the socket's own async context: register
 * right after it, so the route handlers and the turns they start log with their request's id.
 */
export function keepRequestId(req: Request, _res: Response, next: () => void): void {
  withRequestId(() => next(), requestIds.get(req) ?? randomUUID());
}
