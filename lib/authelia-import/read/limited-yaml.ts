/**
 * YAML from an Authelia folder or upload, parsed within hard limits: at most 1 MiB, bounded
 * nesting and tokens (lib/policy/yaml-limits.ts, checked before parsing), and at most
 * MAX_ALIASES alias expansions (the yaml library's guard against "billion laughs" documents,
 * where a few lines of anchors expand to gigabytes). Merge keys (`<<: *base`) are read as
 * Authelia's YAML reader does.
 */
import { LineCounter, parseDocument } from 'yaml';
import { yamlLimitProblem } from '../../policy/yaml-limits';
import { readError } from './read-error';

/** A configuration may reuse a few anchors; an expansion bomb needs thousands. */
export const MAX_ALIASES = 100;

export type YamlValue = { value: unknown; lineOf(path: (string | number)[]): number | undefined };

export function parseLimitedYaml(text: string, file: string): YamlValue {
  const tooBig = yamlLimitProblem(text);
  if (tooBig) throw readError(`${file}, line ${tooBig.line}: ${tooBig.message}.`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) throw readError(`${file}, line ${lineCounter.linePos(error.pos[0]).line}: invalid YAML (${error.code}).`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (cause) {
    const message = (cause as Error).message ?? '';
    if (/alias/i.test(message)) throw readError(`${file}: refused, its aliases expand too far (more than ${MAX_ALIASES}): a YAML expansion bomb.`);
    throw readError(`${file}: cannot be read as YAML (${message.slice(0, 120)}).`);
  }
  return {
    value,
    lineOf(path) {
      const node = doc.getIn(path, true) as { range?: [number] } | undefined;
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    },
  };
}

/** An own property of a plain object (never an inherited one such as __proto__), else undefined. */
export function field(node: unknown, key: string): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
}

export const isRecord = (node: unknown): node is Record<string, unknown> => node !== null && typeof node === 'object' && !Array.isArray(node);
export const str = (node: unknown): string | null => (typeof node === 'string' ? node : typeof node === 'number' ? String(node) : null);
export const strList = (node: unknown): string[] =>
  Array.isArray(node) ? node.flatMap((item) => (typeof item === 'string' ? [item] : [])) : typeof node === 'string' ? [node] : [];
export const bool = (node: unknown): boolean => node === true || node === 'true';

const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 7 * 86_400_000,
  week: 7 * 86_400_000,
  weeks: 7 * 86_400_000,
  M: 30 * 86_400_000,
  month: 30 * 86_400_000,
  months: 30 * 86_400_000,
  y: 365 * 86_400_000,
  year: 365 * 86_400_000,
  years: 365 * 86_400_000,
};

/**
 * An Authelia duration in milliseconds (internal/utils/time.go `ParseDurationString`): a whole
 * number is seconds; otherwise quantities with units ("1h30m", "1 day", "2 weeks and 3 days").
 * Null when it is not one.
 */
export function parseAutheliaDuration(node: unknown): number | null {
  if (typeof node === 'number') return Number.isSafeInteger(node) && node >= 0 ? node * 1000 : null;
  if (typeof node !== 'string') return null;
  const input = node.replaceAll('and', '').replaceAll(' ', '');
  if (/^\d+$/.test(input)) return Number(input) * 1000;
  if (!/^(?:[1-9]\d*[^\d\s]+)+$/.test(input)) return null;
  let total = 0;
  for (const [, quantity, unit] of input.matchAll(/([1-9]\d*)([^\d\s]+)/g)) {
    const scale = UNITS[unit!];
    if (scale === undefined) return null;
    total += Number(quantity) * scale;
  }
  return Number.isSafeInteger(total) ? total : null;
}
