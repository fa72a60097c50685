/**
 * Next.js configuration. Security headers that never vary are set here for every response;
 * the Content-Security-Policy needs a fresh nonce per request and is set in proxy.ts.
 * (Configuration values come from lib/config/ at run time, never from this file.)
 */
const staticSecurityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Links carry one-time tokens in their path: never leak them to another site.
  // same-origin, not no-referrer: under no-referrer a browser sends a plain form submission (one
  // sent before the page's script has loaded, or with scripts off) with `Origin: null` even to
  // its own origin, and the CSRF checks (proxy.ts, the action pipeline, Next's own) refuse it.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (tsc --noEmit, tests included) before anything else;
  // repeating it inside every build would only slow `npm start` down.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Native modules and the generated Prisma runtime stay outside the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'nodemailer', 'mailparser'],
  // Next keeps rendered pages and fetch results in an in-memory LRU of up to 50 MB by default;
  // Gatehouse's pages are rendered per request, so a small bound is enough (README "Memory").
  cacheMaxMemorySize: 4 * 1024 * 1024,
  experimental: {
    // Load each route's code when it is first asked for, not all of them at start (≈ 15 MiB of
    // heap at idle that a verify-only instance never uses; the first visit of a page pays the load).
    preloadEntriesOnStart: false,
    serverActions: {
      // Above Next's 1 MB default so an over-long field reaches our validation and gets a
      // precise message instead of a transport error; every field still has its own limit.
      bodySizeLimit: '2mb',
    },
  },
  async headers() {
    return [
      { source: '/:path*', headers: staticSecurityHeaders },
      // Nothing is framed, except an outbox message's HTML inside the admin's own page (that
      // route sets X-Frame-Options: SAMEORIGIN and its own CSP itself).
      { source: '/((?!api/admin/outbox/).*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
    ];
  },
};

export default nextConfig;
