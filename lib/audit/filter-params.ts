/**
 * The audit filters as they arrive in a URL (the page's form, the export link): type, user,
 * from/to (UTC days, `to` inclusive), before (keyset cursor). Invalid values are dropped.
 */
import { searchText } from '../text/search-text';
import { isAuditEventType } from './events';
import type { AuditFilter } from './list-events';

export type AuditFilterParams = {
  filter: AuditFilter;
  /** The filters as typed, for the form and for links (no cursor). */
  query: URLSearchParams;
  texts: { user: string; from: string; to: string };
};

type ParamSource = Record<string, string | string[] | undefined> | URLSearchParams;

function read(source: ParamSource, key: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(key) ?? undefined;
  const value = source[key];
  return typeof value === 'string' ? value : undefined;
}

export function parseDay(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

export function parseAuditFilterParams(source: ParamSource): AuditFilterParams {
  const typeText = read(source, 'type');
  const type = typeText && isAuditEventType(typeText) ? typeText : undefined;
  const user = searchText(read(source, 'user'), 64);
  const fromText = read(source, 'from') ?? '';
  const toText = read(source, 'to') ?? '';
  const from = parseDay(fromText);
  const toDay = parseDay(toText);
  const to = toDay ? new Date(toDay.getTime() + 86_400_000) : undefined;
  const beforeText = read(source, 'before');
  const before = beforeText && /^\d{1,12}$/.test(beforeText) ? Number(beforeText) : undefined;
  const query = new URLSearchParams({
    ...(type ? { type } : {}),
    ...(user ? { user } : {}),
    ...(from ? { from: fromText } : {}),
    ...(toDay ? { to: toText } : {}),
  });
  return {
    filter: { type, username: user || undefined, from, to, before },
    query,
    texts: { user, from: from ? fromText : '', to: toDay ? toText : '' },
  };
}
