// Types for scripts/check-structure.mjs, imported by its unit test.
export type Violation = { file: string; what: string; limit: string | null };
export const LIMITS: { productionLines: number; routeLines: number };
export function listFiles(root: string): string[];
export function isProductionFile(file: string): boolean;
export function specifiers(text: string): string[];
export function resolveSpecifier(file: string, specifier: string): string | null;
export function findViolations(root: string, options?: { cycles?: boolean }): Promise<Violation[]>;
export function formatViolation(violation: Violation): string;
