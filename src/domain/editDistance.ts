/**
 * The three rows the optimal-string-alignment table needs (the row before last, for transpositions), kept between
 * calls: typo matching compares word windows with known phrases all the time, and a fresh matrix per pair was the
 * recognizer's main cost in time and garbage.
 */
let rows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/**
 * The optimal-string-alignment distance (insertions, deletions, substitutions and adjacent transpositions, no
 * substring edited twice: what natural's DamerauLevenshteinDistance computes with `restricted: true`), or `max + 1`
 * as soon as it is certain to exceed `max`. Compares UTF-16 code units, as natural does.
 */
export function osaDistanceUpTo(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (rows[0].length <= m) rows = [new Int32Array(2 * m), new Int32Array(2 * m), new Int32Array(2 * m)];
  let [twoAgo, previous, current] = rows;
  for (let j = 0; j <= m; j++) previous[j] = j;
  let previousMin = 0;
  for (let i = 1; i <= n; i++) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    current[0] = i;
    let rowMin = i;
    let bBefore = -1;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let cost = previous[j - 1] + (ai === bj ? 0 : 1);
      const deletion = previous[j] + 1;
      if (deletion < cost) cost = deletion;
      const insertion = current[j - 1] + 1;
      if (insertion < cost) cost = insertion;
      if (ai === bBefore && aBefore === bj) {
        const transposition = twoAgo[j - 2] + 1;
        if (transposition < cost) cost = transposition;
      }
      current[j] = cost;
      if (cost < rowMin) rowMin = cost;
      bBefore = bj;
    }
    // A row's cells come from the row above (at no cost at best) or from the one before it (a transposition, one
    // edit), so once this row is over `max` and the one above is at `max`, no later row can come back under it.
    if (rowMin > max && previousMin >= max) return max + 1;
    previousMin = rowMin;
    const spare = twoAgo;
    twoAgo = previous;
    previous = current;
    current = spare;
  }
  return previous[m] <= max ? previous[m] : max + 1;
}

/** The whole optimal-string-alignment distance: "C1042" -> "C1024" is 1 (one transposition). */
export function editDistance(a: string, b: string): number {
  return osaDistanceUpTo(a, b, Math.max(a.length, b.length));
}
