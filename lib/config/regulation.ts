/** Brute-force regulation of every credential check: `maxFailures` within `windowMs` ban the user, and separately the address, for `banMs`. */
export type RegulationPolicy = { maxFailures: number; windowMs: number; banMs: number };

export type RegulationEnv = { regulation: RegulationPolicy };
