/**
 * Who may post live data (the contract's "Live data (HTTP ingest)"). INGEST_TOKEN holds one token, or several named
 * ones: `dialer:<token>,crm:<token>` (a bare token is named `ingest`). A request's bearer token is compared with every
 * one in constant time; what is recorded is the matching token's name, never a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The name of a token given without one. */
export const DEFAULT_TOKEN_NAME = 'ingest';
export const MIN_TOKEN_LENGTH = 16;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const TOKEN = /^[\x21-\x7e]+$/; // printable ASCII without spaces: what a bearer header can carry

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export class IngestTokens {
  private constructor(private readonly entries: readonly { name: string; digest: Buffer }[]) {}

  /** Reads the INGEST_TOKEN setting; throws naming what is wrong (and which entry), never showing a token. */
  static parse(setting: string): IngestTokens {
    const entries: { name: string; digest: Buffer }[] = [];
    const parts = setting.split(',').map((part) => part.trim());
    parts.forEach((part, i) => {
      const colon = part.indexOf(':');
      const name = colon < 0 ? DEFAULT_TOKEN_NAME : part.slice(0, colon).trim();
      const token = colon < 0 ? part : part.slice(colon + 1).trim();
      const which = `entry ${i + 1}${colon < 0 ? '' : ` ("${NAME.test(name) ? name : '?'}")`}`;
      if (!NAME.test(name)) throw new Error(`INGEST_TOKEN ${which}: a token's name is 1 to 64 letters, digits, "_", "." or "-"`);
      if (entries.some((e) => e.name === name)) throw new Error(`INGEST_TOKEN ${which}: the name "${name}" is given twice`);
      if (!TOKEN.test(token)) throw new Error(`INGEST_TOKEN ${which}: a token is printable ASCII without spaces or commas`);
      if (token.length < MIN_TOKEN_LENGTH) throw new Error(`INGEST_TOKEN ${which}: a token must be at least ${MIN_TOKEN_LENGTH} characters long`);
      entries.push({ name, digest: digest(token) });
    });
    return new IngestTokens(entries);
  }

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /**
   * The name of the token an `Authorization: Bearer <token>` header carries, or undefined. Both sides are hashed to
   * the same length and every token is compared, so the time taken says nothing about how close a guess came.
   */
  identify(authorization: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const presented = digest(match?.[1] ?? '');
    let found: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented) && match) found = entry.name;
    }
    return found;
  }
}
