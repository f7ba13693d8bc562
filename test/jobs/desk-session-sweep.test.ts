import { deskSessionSweep } from '../../server/jobs/desk-session-sweep';
import { runJobs } from '../../server/jobs/run-jobs';
import type { AuditRecord, DeskSessionRecord } from '../../server/services/records';
import { COLLECTIONS } from '../../server/store/indexes';
import { signInDesk } from '../support/desk';
import { BACKENDS, type Harness, type Tree, createHarness, seedTree } from '../support/harness';
import { all } from './support';

const MINUTE = 60_000;

describe.each(BACKENDS)('the desk session sweep on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  const sweep = (chunkSize = 100) => runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [deskSessionSweep], chunkSize });

  it('ends and audits the sessions nobody called again, once, and leaves the live ones', async () => {
    const closedDesks = [];
    for (let i = 0; i < 3; i += 1) closedDesks.push((await signInDesk(h, tree.people.cityAdmin)).sessionId);
    const ended = (await signInDesk(h, tree.people.secretaryA)).sessionId;
    await h.ok(tree.people.secretaryA, 'desk.endSession', { sessionId: ended });
    h.clock.advance(40 * MINUTE);
    const live = (await signInDesk(h, tree.people.homeAdmin)).sessionId;

    const first = await sweep(2);
    expect(first.jobs[0]).toMatchObject({ job: 'desk_session_sweep', status: 'finished', total: { created: 3 } });
    const sessions = await all<DeskSessionRecord>(h.deps.store, COLLECTIONS.deskSessions);
    const byId = new Map(sessions.map((s) => [s._id, s]));
    for (const id of closedDesks) {
      expect(byId.get(id)).toMatchObject({
        endReason: 'idle',
        endedAt: new Date(h.clock.now().getTime() - 10 * MINUTE).toISOString(),
      });
    }
    expect(byId.get(ended)).toMatchObject({ endReason: 'official' });
    expect(byId.get(live)).toMatchObject({ endedAt: null });
    const ends = (await all<AuditRecord>(h.deps.store, COLLECTIONS.auditLog)).filter((a) => a.action === 'desk_session_ended');
    expect(ends).toHaveLength(4);

    // The next night the last one has run out too; each session's end is on record once.
    h.clock.advance(24 * 60 * MINUTE);
    await sweep();
    await sweep();
    const again = (await all<AuditRecord>(h.deps.store, COLLECTIONS.auditLog)).filter((a) => a.action === 'desk_session_ended');
    expect(again.map((a) => a.action === 'desk_session_ended' && a.sessionId).sort()).toEqual(
      [...closedDesks, ended, live].sort(),
    );
  });
});
