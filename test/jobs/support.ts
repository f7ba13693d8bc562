import type { Region } from '../../server/contract';
import { type RunJobsOptions, type RunSummary, runJobs } from '../../server/jobs/run-jobs';
import { maskAddress, maskIdCard, maskPhone } from '../../server/lib/pii';
import type { ServiceDeps } from '../../server/services/context';
import type { MemberRecord, MessageRecord, ReportRecord } from '../../server/services/records';
import type { DocumentStore, NewDocument, StoredDocument, TransactionStore } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, SUZHOU, profile, registerMember } from '../support/harness';

/** Shanghai wall time → the ISO instant the ManualClock takes. */
export function shanghai(dateTime: string): string {
  return new Date(`${dateTime}+08:00`).toISOString();
}

/** Registers through the real actions, checks in and is approved: a member placed at the clock's moment. */
export async function placeMember(
  h: Harness,
  openid: string,
  outflow: { kind: 'listed'; orgId: string } | { kind: 'unlisted'; name: string; region: Region },
  branchId: string,
  decider: string,
  name = '王海军',
): Promise<string> {
  const member = await registerMember(h, openid, profile('unused', { outflow, name }));
  const request = await h.ok(openid, 'checkin.submit', { orgId: branchId, via: 'scan' });
  await h.ok(decider, 'checkin.decide', { checkinId: request.checkinId, version: request.version, decision: 'approve' });
  return member.memberId;
}

/** A placed member written straight into the store, shaped like MemberRecord (for the larger sweeps). */
export function placedMemberRecord(
  deps: ServiceDeps,
  input: {
    id: string;
    name: string;
    branch: { orgId: string; name: string; path: string };
    outflow: { orgId: string | null; name: string; path: string | null };
    placedAt: string;
  },
): NewDocument<MemberRecord> {
  const phone = '13905231234';
  return {
    _id: input.id,
    openid: `o_${input.id}`,
    name: input.name,
    gender: 'male',
    phoneEnc: deps.pii.encrypt(phone),
    phoneMasked: maskPhone(phone),
    idCardEnc: deps.pii.encrypt('32128219860412001X'),
    idCardHash: deps.pii.lookupHash(`idcard-${input.id}`),
    idCardMasked: maskIdCard('32128219860412001X'),
    standing: 'full',
    joinedPartyOn: '2010-07-01',
    outflow: {
      orgId: input.outflow.orgId,
      name: input.outflow.name,
      region: { province: '江苏省', city: '泰州市', district: '靖江市' },
    },
    outflowPath: input.outflow.path,
    leftOn: '2024-03',
    leaveReason: 'work',
    residence: {
      region: SUZHOU,
      addressEnc: deps.pii.encrypt('平江街道新桥路 26 号'),
      addressMasked: maskAddress('平江街道新桥路 26 号'),
    },
    workplace: '平江路商业街',
    occupation: '商户',
    industry: 'F',
    workPattern: 'regular',
    skills: [],
    status: 'placed',
    inflowBranchId: input.branch.orgId,
    inflowBranchName: input.branch.name,
    inflowPath: input.branch.path,
    placedAt: input.placedAt,
    openCheckinId: null,
    checkinCount: 1,
    consentVersion: '2026-11-v1',
    registeredAt: input.placedAt,
    updatedAt: input.placedAt,
  };
}

/** Every document of a collection, paged (the fake CloudBase and SQLite both cap a page at 1000). */
export async function all<T extends object>(store: DocumentStore, collection: string): Promise<StoredDocument<T>[]> {
  const out: StoredDocument<T>[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: StoredDocument<T>[]; nextCursor: string | null } = await store.find<T>(collection, {
      where: {},
      limit: 1000,
      cursor,
    });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export const reportsOf = (store: DocumentStore) => all<ReportRecord>(store, COLLECTIONS.reports);
export const messagesOf = (store: DocumentStore) => all<MessageRecord>(store, COLLECTIONS.messages);

/** Thrown by {@link killedAfterReportInserts}: the container stopping mid-chunk. */
export class KilledError extends Error {
  constructor() {
    super('killed: the function ran out of time mid-chunk');
  }
}

/**
 * The store as a function sees it when it is killed: after `n` report inserts every further
 * write fails (inside a transaction too), so the chunk dies with some drafts written and its
 * cursor not saved.
 */
export function killedAfterReportInserts(store: DocumentStore, n: number): DocumentStore & { inserted(): number } {
  return killedAfterInserts(store, COLLECTIONS.reports, n);
}

/** {@link killedAfterReportInserts} for inserts into any one collection. */
export function killedAfterInserts(store: DocumentStore, watched: string, n: number): DocumentStore & { inserted(): number } {
  return killedAfter(store, (write, collection) => write === 'insert' && collection === watched, n);
}

/** The store of a function killed after `n` updates of any collection. */
export function killedAfterUpdates(store: DocumentStore, n: number): DocumentStore & { inserted(): number } {
  return killedAfter(store, (write) => write === 'update', n);
}

/**
 * Lets `n` of the writes that `counts` picks through, then dies: that write and every later one
 * fails, inside a transaction too. `inserted()` says how many counted writes went through.
 */
export function killedAfter(
  store: DocumentStore,
  counts: (write: 'insert' | 'update', collection: string) => boolean,
  n: number,
): DocumentStore & { inserted(): number } {
  let done = 0;
  let dead = false;
  const guard = (write: 'insert' | 'update', collection: string) => {
    if (dead) throw new KilledError();
    if (!counts(write, collection)) return;
    if (done >= n) {
      dead = true;
      throw new KilledError();
    }
    done += 1;
  };
  const wrap = (tx: TransactionStore): TransactionStore => ({
    get: (c, id) => tx.get(c, id),
    insert: async <T extends object>(c: string, doc: NewDocument<T>) => {
      guard('insert', c);
      return tx.insert<T>(c, doc);
    },
    update: async (c, id, v, patch) => {
      guard('update', c);
      return tx.update(c, id, v, patch);
    },
  });
  const direct = wrap(store);
  return Object.assign(Object.create(store) as DocumentStore, {
    insert: direct.insert,
    update: direct.update,
    transaction: <T>(work: (tx: TransactionStore) => Promise<T>) => store.transaction((tx) => work(wrap(tx))),
    inserted: () => done,
  });
}

/** Invokes the jobs again and again, as the timer would, until a pass completes. */
export async function runUntilComplete(
  deps: ServiceDeps,
  options: Omit<RunJobsOptions, 'deadline'> & { deadline?: () => number },
): Promise<{ invocations: number; last: RunSummary }> {
  for (let invocations = 1; invocations <= 10_000; invocations += 1) {
    const last = await runJobs(deps, { ...options, deadline: options.deadline ? options.deadline() : Number.POSITIVE_INFINITY });
    if (last.complete) return { invocations, last };
  }
  throw new Error('the jobs never completed');
}

/**
 * A wall clock that moves one millisecond each time it is read, with a deadline two readings
 * away: every invocation does exactly one chunk (see runJobs' deadline rule), however fast.
 */
export function oneChunkPerInvocation(): { wallTime: () => number; deadline: () => number } {
  let now = 0;
  return {
    wallTime: () => {
      now += 1;
      return now;
    },
    deadline: () => now + 2,
  };
}
