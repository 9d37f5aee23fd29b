/**
 * Sorts in place, stably, with the same comparator contract as Array.prototype.sort (so the same order). For the
 * short lists the recognizer sorts (a dozen intent scores, a few phrase matches): V8's sort allocates a work area on
 * every call, which costs more than the sorting itself.
 */
export function sortSmall<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    while (j >= 0 && compare(items[j], item) > 0) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
