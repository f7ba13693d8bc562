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

/** A row of the not-yours table: an action about one id of something the callers may not see. */
export interface NotYoursRow<W, C extends string> {
  name: string;
  /** The real id the row is about. */
  id(w: W): string;
  /** Calls the action as `openid` about `id` (the real one, or a missing one). */
  run(w: W, openid: string, id: string): Promise<ActionResult<unknown>>;
  /** Callers beyond the table's who may not see this either (e.g. the outflow side and a draft). */
  alsoNotVisibleTo?: readonly C[];
}

export interface NotYoursTable<W extends { h: Harness; openid(caller: C): string }, C extends string> {
  rows: readonly NotYoursRow<W, C>[];
  /** Callers for whom every row's thing is out of sight. */
  callers: readonly C[];
  /** A fresh world for one row. */
  world(): Promise<W>;
  /** The same shape of id, naming nothing. */
  missing(id: string): string;
  /** Everything an action could change; it must not move. */
  state(w: W): Promise<unknown>;
}

/**
 * "Not yours" answers as "not there": for each row and each caller who may not see the row's
 * thing, the answer about the real id is byte for byte the answer about a missing one (code,
 * message, field), and nothing in the store changes.
 */
export function describeNotYoursTable<W extends { h: Harness; openid(caller: C): string }, C extends string>(
  table: NotYoursTable<W, C>,
): void {
  describe.each([...table.rows])('$name', (row) => {
    it('answers everyone who may not see it as for a missing id, and changes nothing', async () => {
      const w = await table.world();
      try {
        const before = await table.state(w);
        const id = row.id(w);
        const answers: Record<string, string> = {};
        const expected: Record<string, string> = {};
        for (const caller of [...table.callers, ...(row.alsoNotVisibleTo ?? [])]) {
          const missing = await row.run(w, w.openid(caller), table.missing(id));
          expect(missing.ok).toBe(false);
          answers[caller] = JSON.stringify(await row.run(w, w.openid(caller), id));
          expected[caller] = JSON.stringify(missing);
        }
        expect(answers).toEqual(expected);
        expect(await table.state(w)).toEqual(before);
      } finally {
        await w.h.close();
      }
    });
  });
}
