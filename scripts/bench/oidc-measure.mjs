// Measuring for `npm run bench:oidc`: a closed-loop load runner (each connection sends its next
// call when the previous one is answered) that records latencies, errors, and the CPU time the
// measured server process spent meanwhile (utime + stime of all its threads, /proc/<pid>/stat),
// RSS sampling (/proc/<pid>/status), the summary figures and a plain-text table.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU time (ms) `pid` has used so far, all threads. */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime = field 14, stime = field 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

export function rssKiBOf(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Samples `pid`'s RSS every 200 ms until the returned function is called; that returns the largest. */
export function sampleRss(pid) {
  let max = rssKiBOf(pid);
  const timer = setInterval(() => {
    max = Math.max(max, rssKiBOf(pid));
  }, 200);
  return () => {
    clearInterval(timer);
    return Math.max(max, rssKiBOf(pid));
  };
}

const selfCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Runs `call(connection)` on `connections` loops until `seconds` have passed or `maxCalls` calls
 * were started. `call` resolves true, or with a text saying what was wrong (an error); a throw is
 * an error too (a socket error, a timeout). `pid`: the process whose CPU time is measured.
 */
export async function closedLoop({ connections, seconds, maxCalls, pid, call }) {
  const latencies = [];
  const errorSamples = new Map();
  let started = 0;
  let errors = 0;
  const note = (text) => {
    errors++;
    const key = String(text).slice(0, 160);
    errorSamples.set(key, (errorSamples.get(key) ?? 0) + 1);
  };
  const cpuBefore = pid ? cpuMsOf(pid) : 0;
  const selfBefore = selfCpuMs();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  async function loop(connection) {
    while (performance.now() < deadline && started < maxCalls) {
      started++;
      const begin = performance.now();
      try {
        const outcome = await call(connection);
        if (outcome !== true) note(outcome);
      } catch (error) {
        note(error?.message ?? error);
      }
      latencies.push(performance.now() - begin);
    }
  }
  await Promise.all(Array.from({ length: connections }, (_, c) => loop(c)));
  const wallMs = performance.now() - t0;
  return {
    calls: latencies.length,
    errors,
    wallMs,
    cpuMs: pid ? cpuMsOf(pid) - cpuBefore : 0,
    selfCpuMs: selfCpuMs() - selfBefore,
    latencies,
    errorSamples,
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** calls/s, p50/p99 (ms), server CPU µs per call and the calls one busy core would answer per second. */
export function summarize(result) {
  const sorted = Float64Array.from(result.latencies).sort();
  const cpuUsPerCall = result.calls ? (result.cpuMs * 1000) / result.calls : 0;
  return {
    ...result,
    rps: result.wallMs ? (result.calls * 1000) / result.wallMs : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpuUsPerCall,
    perCore: cpuUsPerCall ? 1_000_000 / cpuUsPerCall : 0,
  };
}

/** A plain-text table: the first two columns left-aligned, the others right-aligned. */
export function renderTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
