// How the portal's process (dist/server.mjs) is started: `npm start` (scripts/start.mjs) and the
// bench scripts use this one definition, so what the benches measure is what `npm start` runs.
// The figures behind each setting are in README.md ("Memory"); measured with `npm run bench:verify`.
import { join } from 'node:path';
import { root } from './prepare.mjs';

export const SERVER_BUNDLE = join(root, 'dist', 'server.mjs');

/**
 * V8 heap settings. The young generation's two semi-spaces default to 16 MiB each, all of it
 * touched under load; 4 MiB each costs no measurable throughput on the verify path. The old
 * generation's limit is a safety net (the live heap is ≈ 70 MiB with 10 000 cached sessions) that,
 * being small, also makes V8 grow the old generation by a smaller factor after each full
 * collection (its "memory-constrained" heuristics). Figures: README.md "Memory".
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=256'];

/**
 * glibc malloc: at most two arenas (one per core here, instead of 8 per core for the threads of
 * V8 and libuv), freed memory at the top of the heap handed back to the system above 128 KiB, and
 * allocations above 128 KiB in their own mappings (returned when freed) instead of the adaptive
 * threshold that keeps moving them into the arenas. Read by glibc when the process starts, so they
 * must be in the environment of a new process (scripts/start.mjs starts the server as its child).
 */
export const SERVER_MALLOC_ENV = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '131072',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/** The option's name (`--max-old-space-size` of `--max-old-space-size=256`), `_` and `-` alike. */
const flagName = (flag) => flag.split('=')[0].replaceAll('_', '-');

/**
 * The node arguments and environment for `dist/server.mjs <args>`: the defaults above, except
 * what the operator set already (a flag in NODE_OPTIONS, a MALLOC_* variable) — theirs wins.
 */
export function serverLaunch(args = [], env = process.env) {
  const operatorFlags = new Set((env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean).map(flagName));
  const flags = SERVER_NODE_FLAGS.filter((flag) => !operatorFlags.has(flagName(flag)));
  return {
    command: process.execPath,
    args: [...flags, SERVER_BUNDLE, ...args],
    env: { ...SERVER_MALLOC_ENV, ...env },
  };
}
