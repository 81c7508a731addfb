// Kendall's coefficient of concordance (W) of several complete rankings of the same items: 1 when every ranker gave
// the same order, 0 when their rank sums are all equal. W = 12 S / (m² (n³ − n)), S the squared deviations of the
// items' rank sums from their mean. Null with fewer than 2 rankers or 2 items (nothing to agree on).
export function computeKendallW(orders: readonly (readonly string[])[]): number | null {
  const m = orders.length;
  const items = orders[0] ?? [];
  const n = items.length;
  if (m < 2 || n < 2) return null;
  const sums = new Map(items.map((id) => [id, 0]));
  for (const order of orders) order.forEach((id, position) => sums.set(id, (sums.get(id) ?? 0) + position + 1));
  const mean = (m * (n + 1)) / 2;
  const s = [...sums.values()].reduce((total, sum) => total + (sum - mean) ** 2, 0);
  return (12 * s) / (m * m * (n ** 3 - n));
}
