/** Who is asking, as far as the request tells: recorded on sessions and audit events. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

export const NO_REQUEST_META: RequestMeta = { ip: null, userAgent: null };
