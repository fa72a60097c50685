/**
 * What went wrong talking to the directory, in two voices: `userMessage` for the person signing in
 * (nothing about the servers), `adminMessage` for the admin page, the audit log and the server log
 * (which server, what TLS said). Never carries a password.
 */

export type DirectoryFailure = 'unreachable' | 'timeout' | 'tls' | 'service-bind' | 'protocol';

export const DIRECTORY_UNREACHABLE = 'The directory cannot be reached right now, so directory accounts cannot sign in. Try again in a moment.';

export class DirectoryError extends Error {
  readonly userMessage = DIRECTORY_UNREACHABLE;
  constructor(
    readonly failure: DirectoryFailure,
    readonly adminMessage: string,
  ) {
    super(adminMessage);
    this.name = 'DirectoryError';
  }
}

/** Node's TLS verification codes, in words an admin can act on. */
const TLS_CODES: Record<string, string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: "the directory's certificate does not name this server's address (hostname mismatch)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the directory's certificate is not signed by a trusted CA (set GATEHOUSE_LDAP_CA)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the directory's certificate is not signed by a trusted CA (set GATEHOUSE_LDAP_CA)",
  SELF_SIGNED_CERT_IN_CHAIN: "the directory's certificate chain ends in a CA that is not trusted (set GATEHOUSE_LDAP_CA)",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the directory's certificate is self-signed and not trusted (set GATEHOUSE_LDAP_CA)",
  CERT_HAS_EXPIRED: "the directory's certificate has expired",
  CERT_NOT_YET_VALID: "the directory's certificate is not valid yet",
};

/** Turns what a connection attempt threw into a DirectoryError naming the server. */
export function directoryErrorOf(error: unknown, url: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const code = typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (TLS_CODES[code]) return new DirectoryError('tls', `${url}: TLS refused: ${TLS_CODES[code]} (${code}).`);
  if (/ssl|tls|certificate/i.test(message) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return new DirectoryError('tls', `${url}: TLS failed: ${message}`);
  }
  if (/timeout|timed out/i.test(message) || code === 'ETIMEDOUT') return new DirectoryError('timeout', `${url}: no answer in time (${message}).`);
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE'].includes(code)) {
    return new DirectoryError('unreachable', `${url}: cannot connect (${code}).`);
  }
  if (/socket|connection closed|closed before/i.test(message)) return new DirectoryError('unreachable', `${url}: the connection closed (${message}).`);
  return new DirectoryError('protocol', `${url}: ${message}`);
}
