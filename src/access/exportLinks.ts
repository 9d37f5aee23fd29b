import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Viewer } from './viewer';

/** How long a download link works. */
export const EXPORT_LINK_LIFETIME_MS = 15 * 60_000;

/** What a download link grants: one list, to one viewer, until `expiresAt`. Access is checked again when it is used. */
export interface ExportGrant {
  viewer: Viewer;
  /** The campaigns the list covered when it was asked for (the export keeps only those the viewer may still see). */
  campaignIds: string[];
  /** The list's filter as `filterKey` writes it. */
  filter: string;
  lang: string;
  /** ms since the epoch. */
  expiresAt: number;
}

export type GrantCheck = { ok: true; grant: ExportGrant } | { ok: false; reason: 'invalid' | 'expired' };

/** The path of the export route; links are this path on the server's base URL. */
export const EXPORT_PATH = '/api/lists/export.csv';

/**
 * Signed download links: the grant as base64url JSON and an HMAC-SHA256 of it with the server's secret. A changed
 * byte, another secret or a grant past its expiry is refused.
 */
export class ExportLinks {
  private base: string;

  constructor(
    private readonly secret: string = randomBytes(32).toString('hex'),
    baseUrl = 'http://localhost:3978',
    private readonly now: () => number = Date.now,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** The server's address as users reach it (`PUBLIC_URL`, or the address it listens on). */
  setBaseUrl(url: string): void {
    this.base = url.replace(/\/+$/, '');
  }

  private sign(payload: string): string {
    // the purpose goes into the MAC, so a link's signature is never valid as anything else signed with the same secret
    return createHmac('sha256', this.secret).update(`list-export\n${payload}`).digest('base64url');
  }

  /** An absolute link to the list's CSV, valid for 15 minutes. */
  link(grant: Omit<ExportGrant, 'expiresAt'>): string {
    const full: ExportGrant = { ...grant, expiresAt: this.now() + EXPORT_LINK_LIFETIME_MS };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return `${this.base}${EXPORT_PATH}?g=${payload}&s=${this.sign(payload)}`;
  }

  check(payload: unknown, signature: unknown): GrantCheck {
    if (typeof payload !== 'string' || typeof signature !== 'string' || payload.length > 8192) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let grant: ExportGrant;
    try {
      grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ExportGrant;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    const valid =
      typeof grant === 'object' && grant !== null && typeof grant.expiresAt === 'number' && typeof grant.filter === 'string' &&
      Array.isArray(grant.campaignIds) && grant.campaignIds.every((id) => typeof id === 'string') &&
      typeof grant.viewer === 'object' && grant.viewer !== null && Array.isArray(grant.viewer.ids) && typeof grant.viewer.channel === 'string';
    if (!valid) return { ok: false, reason: 'invalid' };
    if (grant.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }
}
