import type { ActionResult } from '../../server/contract';
import { type Harness, type Tree, SYSTEM_ADMIN } from './harness';

/**
 * Permission tables: every row is an action, every column a person in the tree of `seedTree`.
 * Each cell runs in a fresh world; a refusal must also leave the row's fingerprint as it was.
 */

/** Everyone in the tree who holds a role, in column order. */
export const STAFF = [
  'secretaryA',
  'secretaryB',
  'hometownSecretary',
  'cityAdmin',
  'homeAdmin',
  'villageSecretary',
  'otherHomeAdmin',
  'systemAdmin',
] as const;
export type Staff = (typeof STAFF)[number];

/** The member the rows are about, a member placed in branch B, then the staff. */
export const PEOPLE = ['self', 'memberB', ...STAFF] as const;
export type Person = (typeof PEOPLE)[number];

/** Who calls as whom: the given members' OPENIDs, the seeded role holders' and the system admin's. */
export function openidsOf<M extends string>(tree: Tree, members: Record<M, string>): (person: M | Staff) => string {
  const openids: Record<M | Staff, string> = { ...members, systemAdmin: SYSTEM_ADMIN, ...tree.people };
  return (person) => openids[person];
}

/** What every table's world offers: a harness of its own, the seeded tree, and who calls as whom. */
export interface PermissionWorld<P extends string> {
  h: Harness;
  tree: Tree;
  openid(person: P): string;
}

export interface PermissionRow<W, P extends string = Person> {
  name: string;
  allowed: readonly P[];
  /** Runs before the fingerprint is taken, as whoever it names (not as the column's person). */
  setup?(w: W): Promise<unknown>;
  run(w: W, openid: string): Promise<ActionResult<unknown>>;
  /** A fingerprint of what the action may change; it must not move on a refusal. Overrides the table's. */
  state?(w: W): Promise<unknown>;
}

export interface PermissionTable<W extends PermissionWorld<P>, P extends string, R extends PermissionRow<W, P>> {
  rows: readonly R[];
  people: readonly P[];
  /** A fresh world for one cell of the row. */
  world(row: R): Promise<W>;
  /** The fingerprint for rows without their own; without either, a refusal is checked by its answer only. */
  state?(w: W): Promise<unknown>;
  /** The error codes a refusal may carry. */
  refusals: readonly string[];
}

/**
 * Declares `describe.each(rows)` × `it.each(people)`: an allowed person gets `{ ok: true, data }`,
 * anyone else a refusal with one of `refusals` and an unchanged fingerprint.
 */
export function describePermissionTable<W extends PermissionWorld<P>, P extends string, R extends PermissionRow<W, P>>(
  table: PermissionTable<W, P, R>,
): void {
  describe.each([...table.rows])('$name', (row) => {
    it.each([...table.people])('%s', async (person) => {
      const w = await table.world(row);
      try {
        if (row.setup) await row.setup(w);
        const fingerprint = row.state ?? table.state;
        const before = fingerprint ? await fingerprint(w) : null;
        const result = await row.run(w, w.openid(person));
        if (row.allowed.includes(person)) {
          expect(result).toEqual({ ok: true, data: expect.anything() });
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(table.refusals).toContain(result.error.code);
          if (fingerprint) expect(await fingerprint(w)).toEqual(before);
        }
      } finally {
        await w.h.close();
      }
    });
  });
}
