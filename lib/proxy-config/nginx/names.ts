/** The names nginx configuration shares across its parts: locations, snippet files, variables. */
import { PAPERLESS_PROBE_PATHS } from '../types';

export const VERIFY_LOCATION = '/internal/gatehouse/verify';
export const UNAUTHORIZED_LOCATION = '@gatehouse_unauthorized';
export const FORBIDDEN_LOCATION = '@gatehouse_forbidden';
export const PAPERLESS_UNAUTHORIZED_LOCATION = '@gatehouse_paperless_unauthorized';
export const SNIPPET_DIR = 'snippets';
export const VERIFY_SNIPPET = 'gatehouse-verify.conf';
export const PROTECT_SNIPPET = 'gatehouse-protect.conf';
export const PAPERLESS_SNIPPET = 'gatehouse-paperless.conf';
export const PAPERLESS_PROBE_SNIPPET = 'gatehouse-paperless-probe.conf';
export const PAPERLESS_PROTECT_SNIPPET = 'gatehouse-protect-paperless.conf';
export const SITE_FILE = 'gatehouse.conf';
/** `$http_authorization` says "Token …" (the keyword is case-insensitive, as in Paperless). */
export const TOKEN_CLIENT_VARIABLE = '$gatehouse_token_client';
export const PAPERLESS_AUTHORIZATION_VARIABLE = '$gatehouse_paperless_authorization';
/** 1 when the raw request URI is exactly a probe path (with or without a query). */
export const PROBE_EXACT_VARIABLE = '$gatehouse_probe_exact';
/** PAPERLESS_PROBE_PATHS as one anchored regex over the raw path. */
export const PROBE_RAW_PATHS = `(${PAPERLESS_PROBE_PATHS.join('|')})`;
/**
 * The host a server block serves, written out in that block (`set`): the verified target and the
 * upstream Host are built from it, never from the client's Host header (see hostLines).
 */
export const HOST_VARIABLE = '$gatehouse_host';
/** Gatehouse's answer header with the client's Cookie minus the session cookie, and its variable. */
export const COOKIE_ANSWER_HEADER = 'X-Gatehouse-Cookie';
export const COOKIE_VARIABLE = '$gatehouse_cookie';
/**
 * The size of the buffer for Gatehouse's answer headers. Its largest headers: the sign-in
 * Location (Gatehouse caps it at 2,000 bytes) and X-Gatehouse-Cookie, the client's Cookie minus
 * the session cookie. With nginx's default large_client_header_buffers (4 × 8k) a client's
 * headers total at most 32k, so its cookies do too; Gatehouse itself refuses requests whose
 * headers exceed 64 KiB. The portal's own redirects repeat the request's path (up to 8k, three
 * times that once percent-encoded in a return URL). An answer larger than this buffer would be
 * nginx's 500 (verify) or 502 (portal).
 */
export const ANSWER_BUFFER = '64k';
