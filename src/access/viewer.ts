/**
 * The person asking, as plain data: every identifier the channel vouches for. In Teams the channel user id ("29:…")
 * and the Entra object id, plus the email and UPN when Teams' member API gives them; in the web chat the Direct Line
 * token's subject. A display name is never one of them: anyone can choose theirs.
 */
export interface Viewer {
  ids: string[];
  /** The channel the question came in on (`msteams`, `webchat`, …), for the audit log. */
  channel: string;
}

/** Identifiers compare case-insensitively (emails and GUIDs are written in either case). */
export function idKey(id: string): string {
  return id.trim().toLowerCase();
}

/** A viewer from raw identifiers: trimmed, empty ones dropped, duplicates (in any case) kept once. */
export function makeViewer(ids: readonly (string | undefined | null)[], channel: string): Viewer {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of ids) {
    const id = raw?.trim();
    if (!id || seen.has(idKey(id))) continue;
    seen.add(idKey(id));
    kept.push(id);
  }
  return { ids: kept, channel };
}
