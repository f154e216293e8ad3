// yyyy-mm-dd that names a real calendar day (2025-02-29 does not) in years
// 0001-9999: year 0000 is a valid ISO year but not a Postgres date.
export function isIsoDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
