/**
 * The verify path reads request headers through this small interface so one implementation
 * serves both Node's IncomingMessage (the fast path in lib/server) and the Web Request of the
 * App Router route handlers.
 */
export type HeaderBag = {
  /** The header's value, or null when absent. */
  get(name: string): string | null;
  /** How many times the header was sent (a duplicated target header is refused). */
  count(name: string): number;
};

/**
 * Node's IncomingMessage.headers: a repeated header arrives joined with ", " (cookies with "; "),
 * and the target headers' validation refuses such a value (no spaces or commas allowed), so
 * duplicates fail closed here too, without the cost of headersDistinct on every request.
 */
export function headerBagFromNode(headers: Record<string, string | string[] | undefined>, rawHeaders?: readonly string[]): HeaderBag {
  return {
    get: (name) => {
      const value = headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    count: (name) => {
      if (headers[name] === undefined) return 0;
      // Node keeps only the first Authorization header and drops the rest silently: count the
      // raw ones (asked only when the header is there at all).
      if (!rawHeaders || name !== 'authorization') return 1;
      let n = 0;
      for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.length === name.length && rawHeaders[i]!.toLowerCase() === name) n++;
      return n;
    },
  };
}

/**
 * Web Headers join repeated headers with ", " and cannot say how many there were; a joined
 * value is then refused by the validation of each target header (spaces and commas are not
 * allowed in them), so duplicates still fail closed.
 */
export function headerBagFromWeb(headers: Headers): HeaderBag {
  return {
    get: (name) => headers.get(name),
    count: (name) => (headers.has(name) ? 1 : 0),
  };
}
