/**
 * How an announcement travels between instances: one PostgreSQL NOTIFY payload per message,
 * JSON `{"o": origin instance, "t": topic, "e": event}`. A payload must stay under 8000 bytes:
 * an event whose lists are too long is split into several messages (each list in chunks, the
 * other fields repeated), and one that cannot be split that way becomes "caches-stale" (every
 * receiver forgets everything: slower, never wrong).
 */
import { z } from 'zod';

export const CHANNEL = 'gatehouse_events';
/** PostgreSQL refuses payloads of 8000 bytes or more; a margin for the JSON around the event. */
export const MAX_PAYLOAD_BYTES = 7_900;

export type Message = { origin: string; topic: string; event: Record<string, unknown> };

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const frame = (origin: string, topic: string, event: Record<string, unknown>) => JSON.stringify({ o: origin, t: topic, e: event });

/** The payloads that carry `event` (in order; their lists together are the event's lists). */
export function encodeMessages(origin: string, topic: string, event: Record<string, unknown>, limit = MAX_PAYLOAD_BYTES): string[] {
  const whole = frame(origin, topic, event);
  if (bytes(whole) <= limit) return [whole];
  const stale = [frame(origin, 'caches-stale', { reason: 'overflow' })];
  const scalars = Object.fromEntries(Object.entries(event).filter(([, value]) => !Array.isArray(value)));
  const lists = Object.entries(event).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]));
  if (lists.length === 0) return stale;
  const out: string[] = [];
  for (const [field, items] of lists) {
    const empty = bytes(frame(origin, topic, { ...scalars, [field]: [] }));
    let chunk: unknown[] = [];
    let size = empty;
    for (const item of items) {
      const cost = bytes(JSON.stringify(item)) + (chunk.length ? 1 : 0);
      if (size + cost > limit) {
        if (chunk.length === 0) return stale;
        out.push(frame(origin, topic, { ...scalars, [field]: chunk }));
        chunk = [];
        size = empty;
        if (size + bytes(JSON.stringify(item)) > limit) return stale;
        chunk.push(item);
        size += bytes(JSON.stringify(item));
        continue;
      }
      chunk.push(item);
      size += cost;
    }
    if (chunk.length) out.push(frame(origin, topic, { ...scalars, [field]: chunk }));
  }
  return out;
}

const Wire = z.object({
  o: z.string().min(1).max(64),
  t: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  e: z.record(z.string(), z.unknown()),
});

/** A payload read back, or null when it is not one of ours (it is then ignored). */
export function decodeMessage(payload: string): Message | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  const result = Wire.safeParse(parsed);
  return result.success ? { origin: result.data.o, topic: result.data.t, event: result.data.e } : null;
}
