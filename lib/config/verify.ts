/** The forward-auth verify endpoint's own settings. */
export type VerifyConfig = {
  /** How long the verify endpoint trusts a cached session before asking the database again. */
  cacheTtlMs: number;
  /** Add a short X-Gatehouse-Reason header to non-200 verify answers. */
  debugHeaders: boolean;
};

export type VerifyEnv = { verify: VerifyConfig };
