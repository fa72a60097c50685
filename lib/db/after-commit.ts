/**
 * Work that must wait for a transaction's commit (and never run when it rolls back): telling
 * this process's caches about a change (lib/events/announce.ts). `installAfterCommit` wraps a
 * client's interactive `$transaction` so every transaction it opens can carry such callbacks;
 * `afterCommit(tx, run)` queues one, or runs it at once when given the client itself (its
 * statements commit one by one). Transactions are remembered in a WeakMap shared through
 * globalThis, like the client (lib/db/index.ts).
 */
import type { Dialect } from '../config';

type OpenTransaction = { dialect: Dialect; callbacks: Array<() => void> };
type TransactionFn = (this: object, arg: unknown, options?: unknown) => Promise<unknown>;

const KEY = Symbol.for('gatehouse.openTransactions');
const OPEN: WeakMap<object, OpenTransaction> = ((globalThis as { [KEY]?: WeakMap<object, OpenTransaction> })[KEY] ??= new WeakMap());

export function installAfterCommit<C extends object>(client: C, dialect: Dialect): C {
  const holder = client as unknown as { $transaction: TransactionFn };
  const transaction = holder.$transaction;
  // A plain function: called on a transaction client (Prisma 7 nests a transaction in one), `this`
  // is that transaction, and the nested one hands its callbacks to it when it succeeds (they wait
  // for the outermost commit).
  holder.$transaction = function (this: object, arg, options) {
    // A batch (an array of queries) carries no callbacks: nothing to wrap.
    if (typeof arg !== 'function') return transaction.call(this, arg, options);
    const run = arg as (tx: object) => Promise<unknown>;
    const outer = OPEN.get(this);
    const open: OpenTransaction = { dialect, callbacks: [] };
    return transaction
      .call(
        this,
        async (tx: object) => {
          OPEN.set(tx, open);
          return run(tx);
        },
        options,
      )
      .then((result) => {
        // Nested: its callbacks join the outer transaction's (a nested one that rolled back adds none).
        if (outer) {
          outer.callbacks.push(...open.callbacks);
          return result;
        }
        for (const callback of open.callbacks) {
          try {
            callback();
          } catch (error) {
            console.error('[gatehouse] an after-commit callback failed:', error);
          }
        }
        return result;
      });
  };
  return client;
}

/** The dialect of a transaction opened by an installed client (null for anything else). */
export function transactionDialect(tx: object): Dialect | null {
  return OPEN.get(tx)?.dialect ?? null;
}

/** Runs `run` once `tx` has committed; at once when `tx` is not an open transaction of an installed client. */
export function afterCommit(tx: object, run: () => void): void {
  const open = OPEN.get(tx);
  if (open) open.callbacks.push(run);
  else run();
}
