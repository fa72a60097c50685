/**
 * Durations in configuration: "7d", "12h", "30m", "45s", "1h30m", or a bare number of seconds.
 * Returns milliseconds, or null when the text is not a duration.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed) * 1000;
    return Number.isSafeInteger(ms) ? ms : null;
  }
  if (!/^(\d+(ms|[smhdw]))+$/.test(trimmed)) return null;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  let total = 0;
  for (const [, amount, suffix] of trimmed.matchAll(/(\d+)(ms|[smhdw])/g)) {
    total += Number(amount) * unit[suffix!]!;
  }
  return Number.isSafeInteger(total) ? total : null;
}

/** "7 days", "12 hours", "1 hour 30 minutes": for messages shown to people. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  let rest = ms;
  for (const [size, name] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
      rest -= count * size;
    }
  }
  return parts.length ? parts.slice(0, 2).join(' ') : '0 seconds';
}
