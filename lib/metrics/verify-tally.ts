/**
 * The verify endpoint's counts, kept in plain numbers: the hot path adds to a typed array (about
 * 10 ns) instead of calling prom-client (0.4–0.7 µs per call, with label hashing and a closure),
 * and tally-metrics.ts turns them into Prometheus series when scraped.
 *
 * Labels are bounded: the outcome is one of VERIFY_OUTCOMES, decided from the answer's status;
 * the application is the slug of the application whose rule decided (lib/verify/runtime.ts maps
 * rule ids to slugs), "none" for every other answer, and at most MAX_APPLICATIONS distinct slugs
 * (then "other"). Nothing from the request itself becomes a label.
 */

export const VERIFY_OUTCOMES = ['allow', 'redirect', 'unauthorized', 'deny', 'bad_request', 'unavailable', 'error', 'other'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

/** Upper bounds of the latency histogram, in seconds (a cached answer takes tens of microseconds). */
export const VERIFY_LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

export const NO_APPLICATION = 'none';
export const OTHER_APPLICATION = 'other';
export const MAX_APPLICATIONS = 200;

/** What the tally needs of an answer (lib/verify's VerifyResponse fits). */
export type VerifyAnswer = { status: number; headers: Readonly<Record<string, string>>; application?: string };

const OUTCOME_INDEX: Readonly<Record<VerifyOutcome, number>> = Object.fromEntries(VERIFY_OUTCOMES.map((o, i) => [o, i])) as Record<VerifyOutcome, number>;

/**
 * allow: 2xx. redirect: sent to sign in (a 302, or a 401 carrying the sign-in Location that nginx
 * turns into a redirect). unauthorized: a 401 without one (a refused credential). deny: 403.
 * bad_request: 400, or auth-request's 403 that says 400. unavailable: 503. error: 500.
 */
export function verifyOutcomeOf(answer: VerifyAnswer): VerifyOutcome {
  const status = answer.status;
  if (status >= 200 && status < 300) return 'allow';
  if (status === 302) return 'redirect';
  if (status === 401) return answer.headers.Location === undefined ? 'unauthorized' : 'redirect';
  if (status === 403) return answer.headers['X-Gatehouse-Status'] === '400' ? 'bad_request' : 'deny';
  if (status === 400) return 'bad_request';
  if (status === 503) return 'unavailable';
  if (status === 500) return 'error';
  return 'other';
}

export class VerifyTally {
  /** Answers per application slug, indexed like VERIFY_OUTCOMES. */
  readonly decisions = new Map<string, Float64Array>();
  /** Per bucket of VERIFY_LATENCY_BUCKETS, plus one past the last (not cumulative). */
  readonly latencyBuckets = new Float64Array(VERIFY_LATENCY_BUCKETS.length + 1);
  latencySum = 0;
  latencyCount = 0;
  private readonly none: Float64Array;

  constructor() {
    this.none = this.row(NO_APPLICATION);
  }

  /** One answer and how long it took, in seconds. */
  record(answer: VerifyAnswer, seconds: number): void {
    const application = answer.application;
    const row = application === undefined ? this.none : (this.decisions.get(application) ?? this.row(application));
    row[OUTCOME_INDEX[verifyOutcomeOf(answer)]]! += 1;
    let bucket = 0;
    while (bucket < VERIFY_LATENCY_BUCKETS.length && seconds > VERIFY_LATENCY_BUCKETS[bucket]!) bucket++;
    this.latencyBuckets[bucket]! += 1;
    this.latencySum += seconds;
    this.latencyCount += 1;
  }

  private row(application: string): Float64Array {
    const label = this.decisions.size >= MAX_APPLICATIONS && !this.decisions.has(application) ? OTHER_APPLICATION : application;
    let row = this.decisions.get(label);
    if (!row) this.decisions.set(label, (row = new Float64Array(VERIFY_OUTCOMES.length)));
    return row;
  }
}
