/** A count from the command line: "300", "10000", "10_000", "100k", "1M". */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim().replace(/_/g, ''));
  if (!m) throw new Error(`not a count: ${text}`);
  const scale = m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(Number(m[1]) * scale);
}

/** A comma- (or space-) separated list of counts: "10k,100k,1M". */
export function parseCounts(text: string): number[] {
  return text.split(/[\s,;]+/).filter(Boolean).map(parseCount);
}
