/**
 * The access table and the code agree, read from the source: every page, route handler and
 * server action under app/ is listed, nothing listed is missing, every page and route that is
 * not public asks for its own key, and every action is made with its own key. (The build's view
 * of the same thing, with real sessions, is e2e/specs/assurance-enumeration.spec.ts.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, PAGES, ROUTES, SUDO_WHEN } from './access-table';
import { REQUIREMENTS } from './assurance';

const ROOT = process.cwd();
/** Entries of Next's own, with no file under app/. */
const FRAMEWORK = new Set(['/_global-error/page', '/_not-found/page', '/icon.svg/route']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(ROOT, path)];
  });
}
const files = walk(join(ROOT, 'app'));
const keyOf = (file: string) => `/${file.replace(/^app\//, '').replace(/\.tsx?$/, '')}`;
const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the access table', () => {
  it('lists every page, and every page that is not public asks for its own key first', () => {
    const pages = files.filter((f) => /\/page\.tsx$/.test(f));
    expect(pages.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const file of pages) {
      const key = keyOf(file);
      if (!(key in PAGES)) problems.push(`${key} is not in PAGES`);
      else if (PAGES[key as keyof typeof PAGES] !== 'public' && !source(file).includes(`requirePage('${key}')`))
        problems.push(`${file} does not call requirePage('${key}')`);
      if (/\brequire(User|Admin)\(\)/.test(source(file))) problems.push(`${file} calls requireUser/requireAdmin: pages use requirePage`);
    }
    for (const key of Object.keys(PAGES))
      if (!FRAMEWORK.has(key) && !pages.some((f) => keyOf(f) === key)) problems.push(`PAGES lists ${key}, which has no file`);
    expect(problems).toEqual([]);
  });

  it('lists every route handler, and every route that is not public asks for its own key first', () => {
    const routes = files.filter((f) => /\/route\.ts$/.test(f));
    const problems: string[] = [];
    for (const file of routes) {
      const key = keyOf(file);
      if (!(key in ROUTES)) problems.push(`${key} is not in ROUTES`);
      else if (ROUTES[key as keyof typeof ROUTES] !== 'public' && !source(file).includes(`authorizeRoute('${key}', request)`))
        problems.push(`${file} does not call authorizeRoute('${key}', request)`);
      if (/getCurrentSession\(/.test(source(file))) problems.push(`${file} reads the session itself: use authorizeRoute`);
    }
    for (const key of Object.keys(ROUTES))
      if (!FRAMEWORK.has(key) && !routes.some((f) => keyOf(f) === key)) problems.push(`ROUTES lists ${key}, which has no file`);
    expect(problems).toEqual([]);
  });

  it('makes every server action with its own key, and lists nothing that does not exist', () => {
    const serverFiles = files.filter((f) => /\.tsx?$/.test(f) && /^'use server';/m.test(source(f)));
    expect(serverFiles.length).toBeGreaterThan(15);
    const found = new Set<string>();
    const problems: string[] = [];
    for (const file of serverFiles) {
      const text = source(file);
      // Anything exported from a 'use server' file is callable from outside: it must come from the pipeline.
      for (const match of text.matchAll(/^export\s+(?:async\s+)?(?:const|function|let|var)\s+(\w+)(.*)$/gm)) {
        const [, name, rest] = match;
        const made = /^\s*=\s*(publicAction|userAction|adminAction|publicCall|userCall)\(\s*'([^']+)'/.exec(
          `${rest}\n${text.slice(match.index! + match[0].length, match.index! + match[0].length + 200)}`,
        );
        if (!made) {
          problems.push(`${file}: ${name} is exported but not made with the action pipeline`);
          continue;
        }
        const key = `${file}#${name}`;
        if (made[2] !== key) problems.push(`${file}: ${name} is made with the key '${made[2]}', not '${key}'`);
        found.add(key);
      }
      if (/^export\s+(default|\{)/m.test(text)) problems.push(`${file}: exports something other than named actions`);
    }
    for (const key of Object.keys(ACTIONS)) if (!found.has(key)) problems.push(`ACTIONS lists ${key}, which does not exist`);
    expect(problems).toEqual([]);
    expect(found.size).toBe(Object.keys(ACTIONS).length);
  });

  it('uses only known requirements, and conditional sudo only on admin actions', () => {
    for (const table of [PAGES, ROUTES, ACTIONS]) for (const requirement of Object.values(table)) expect(REQUIREMENTS).toContain(requirement);
    for (const key of Object.keys(SUDO_WHEN)) expect(ACTIONS[key as keyof typeof ACTIONS]).toBe('admin');
  });

  it('keeps every admin page, admin route and admin action at admin level or above', () => {
    const weak: string[] = [];
    const adminLevel = (r: string) => r === 'admin' || r === 'admin-sudo';
    for (const [key, r] of Object.entries(PAGES)) if (key.startsWith('/(dashboard)/admin/') && !adminLevel(r)) weak.push(key);
    for (const [key, r] of Object.entries(ROUTES)) if (key.startsWith('/api/admin/') && !adminLevel(r)) weak.push(key);
    for (const [key, r] of Object.entries(ACTIONS)) if (key.startsWith('app/(dashboard)/admin/') && !adminLevel(r)) weak.push(key);
    expect(weak).toEqual([]);
  });
});
