import { describe, expect, it } from 'vitest';
import { decisionSamples, latencySamples } from './tally-metrics';
import { MAX_APPLICATIONS, VERIFY_LATENCY_BUCKETS, VERIFY_OUTCOMES, verifyOutcomeOf, VerifyTally } from './verify-tally';

const answer = (status: number, headers: Record<string, string> = {}, application?: string) => ({ status, headers, ...(application ? { application } : {}) });

describe('verifyOutcomeOf', () => {
  it('names every kind of verify answer', () => {
    expect(verifyOutcomeOf(answer(200))).toBe('allow');
    expect(verifyOutcomeOf(answer(302, { Location: 'x' }))).toBe('redirect');
    expect(verifyOutcomeOf(answer(401, { Location: 'x' }))).toBe('redirect');
    expect(verifyOutcomeOf(answer(401))).toBe('unauthorized');
    expect(verifyOutcomeOf(answer(403))).toBe('deny');
    expect(verifyOutcomeOf(answer(403, { 'X-Gatehouse-Status': '400' }))).toBe('bad_request');
    expect(verifyOutcomeOf(answer(400))).toBe('bad_request');
    expect(verifyOutcomeOf(answer(503))).toBe('unavailable');
    expect(verifyOutcomeOf(answer(500))).toBe('error');
    expect(verifyOutcomeOf(answer(418))).toBe('other');
  });
});

describe('VerifyTally', () => {
  it('counts by application ("none" without one) and outcome, and fills the latency buckets', () => {
    const tally = new VerifyTally();
    tally.record(answer(200, {}, 'paperless'), 0.00003);
    tally.record(answer(200, {}, 'paperless'), 0.0003);
    tally.record(answer(403), 2);
    const samples = decisionSamples(tally);
    const value = (outcome: string, application: string) => samples.find((s) => s.labels.outcome === outcome && s.labels.application === application)?.value;
    expect(value('allow', 'paperless')).toBe(2);
    expect(value('deny', 'none')).toBe(1);
    expect(value('allow', 'none')).toBe(0);
    expect(samples).toHaveLength(2 * VERIFY_OUTCOMES.length);

    const latency = latencySamples(tally, 'v');
    const bucket = (le: string) => latency.find((s) => s.metricName === 'v_bucket' && s.labels.le === le)?.value;
    expect(bucket('0.00005')).toBe(1);
    expect(bucket('0.0005')).toBe(2);
    expect(bucket(String(VERIFY_LATENCY_BUCKETS.at(-1)))).toBe(2);
    expect(bucket('+Inf')).toBe(3);
    expect(latency.find((s) => s.metricName === 'v_count')?.value).toBe(3);
    expect(latency.find((s) => s.metricName === 'v_sum')?.value).toBeCloseTo(2.00033, 6);
  });

  it('keeps the application label bounded', () => {
    const tally = new VerifyTally();
    for (let i = 0; i < MAX_APPLICATIONS + 50; i++) tally.record(answer(200, {}, `app-${i}`), 0.001);
    expect(tally.decisions.size).toBe(MAX_APPLICATIONS + 1);
    expect(tally.decisions.get('other')?.[0]).toBe(51);
  });
});
