// Memory figures of a process the bench started: VmRSS and VmHWM from /proc/<pid>/status, sampled
// during a load run, and V8's heap figures asked of a Gatehouse process through the SIGUSR2
// handler that scripts/bench/memory-probe.mjs installs (preloaded with `node --import`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './prepare.mjs';

export const MEMORY_PROBE = join(root, 'scripts', 'bench', 'memory-probe.mjs');

/** A `Vm…:  1234 kB` line of /proc/<pid>/status in KiB (VmRSS: now; VmHWM: the peak since start), or null. */
export function procStatusKiB(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Samples VmRSS every `everyMs` until stop(), which returns the highest value seen (KiB). */
export function sampleRss(pid, everyMs = 100) {
  let peak = procStatusKiB(pid, 'VmRSS') ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, procStatusKiB(pid, 'VmRSS') ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, procStatusKiB(pid, 'VmRSS') ?? 0);
    },
  };
}

const asked = new Map();

/**
 * process.memoryUsage() of a process started with MEMORY_PROBE preloaded (a startProcess handle):
 * { rss, heapUsed, heapTotal, external, arrayBuffers } in bytes, or null when it did not answer.
 */
export async function heapFigures(handle, timeoutMs = 3_000) {
  const pid = handle.child.pid;
  const sequence = (asked.get(pid) ?? 0) + 1;
  asked.set(pid, sequence);
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return null;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [, json] of handle.output().matchAll(/^GATEHOUSE_BENCH_MEMORY (\{.*\})$/gm)) {
      const figures = JSON.parse(json);
      if (figures.sequence === sequence) return figures;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

const MiB = (bytesOrKiB, unit) => (bytesOrKiB === null || bytesOrKiB === undefined ? null : unit === 'KiB' ? bytesOrKiB / 1024 : bytesOrKiB / 1048576);

/**
 * The memory lines of the report for one Gatehouse process: at start, idle after the first
 * requests, and per load scenario (peak and end RSS, heap under load), then VmHWM.
 * `rows`: [{ label, peakKiB, endKiB, heap }]; returns { headers, body, align } for the table renderers.
 */
export function memoryRows({ startKiB, idleKiB, idleHeap, rows, hwmKiB }) {
  const fixed = (value) => (value === null || value === undefined ? '—' : value.toFixed(0));
  const heap = (figures) => (figures ? `${fixed(MiB(figures.heapUsed))} / ${fixed(MiB(figures.heapTotal))}` : '—');
  const body = [
    ['after start', fixed(MiB(startKiB, 'KiB')), '—', '—'],
    ['idle (after the first requests, before load)', fixed(MiB(idleKiB, 'KiB')), '—', heap(idleHeap)],
    ...rows.map((row) => [`under load: ${row.label}`, fixed(MiB(row.endKiB, 'KiB')), fixed(MiB(row.peakKiB, 'KiB')), heap(row.heap)]),
    ['VmHWM (peak since start, at the end of the bench)', fixed(MiB(hwmKiB, 'KiB')), '—', '—'],
  ];
  return {
    headers: ['Gatehouse fast path (dist/server.mjs)', 'RSS MiB (end)', 'RSS MiB (peak)', 'heapUsed / heapTotal MiB'],
    body,
    align: ['l', 'r', 'r', 'r'],
  };
}
