/**
 * The deployed `jobs` function as it ships: the esbuild bundle, required in a fresh Node process
 * from a folder with no node_modules above it, called the way SCF calls a timer-triggered function,
 * `main({ Type: 'Timer', ... }, context)`, with its real node-sdk aimed at the fake CloudBase server
 * through TCB_CONTEXT_CNFG (as in bundle.test.ts).
 */
import { forbiddenInputs } from '../../scripts/build';
import { cloudbaseBlobs } from '../../server/files/cloudbase-blobs';
import { createFileStore } from '../../server/files/file-store';
import { previousPeriod } from '../../server/lib/periods';
import { PiiProtector } from '../../server/lib/pii';
import { shanghaiDate, systemClock } from '../../server/lib/time';
import { type ServiceDeps, noDeskTickets } from '../../server/services/context';
import type { JobRunRecord, LifeFlagRecord, MemberRecord, OrganizationRecord } from '../../server/services/records';
import { reportIdFor } from '../../server/services/reports/drafts';
import { CloudbaseDocumentStore } from '../../server/store/cloudbase/cloudbase-document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { fakeCloudbaseApp } from '../fake-cloudbase/fake-cloudbase-app';
import { type FakeCloudbase, startFakeCloudbase } from '../fake-cloudbase/fake-cloudbase-server';
import { noCodeRenderer } from '../../server/jobs/jobs-main';
import { RecordingNotifier } from '../../server/notify/recording-notifier';
import { placedMemberRecord } from '../jobs/support';
import { useDeployedBundle } from './deployed-bundle';

jest.setTimeout(120_000);

const KEY = Buffer.alloc(32, 5);

/** What SCF passes to a timer invocation as the second argument. */
const SCF_CONTEXT = {
  request_id: 'timer-1',
  memory_limit_in_mb: 512,
  time_limit_in_ms: 60_000,
  function_name: 'jobs',
  namespace: 'fake-env',
};
const TIMER = { Type: 'Timer', TriggerName: 'nightly', Time: '2026-11-08T17:10:00Z', Message: '' };

interface JobsEnvelope {
  ok: boolean;
  data?: { complete: boolean; today: string; jobs: Array<{ job: string; status: string; processed: number; created: number }> };
  error?: { code: string; message: string };
}

const bundle = useDeployedBundle('jobs');
const callBundle = (events: unknown[], env: Record<string, string>) => bundle.call<JobsEnvelope>(events, SCF_CONTEXT, env);

describe('the jobs bundle', () => {
  it('holds no local-only code and leaves only wx-server-sdk to the cloud', () => {
    const inputs = Object.keys(bundle.report.metafile.inputs);
    expect(inputs).toContain('cloudfunctions/jobs/index.ts');
    expect(inputs).toContain('server/jobs/run-jobs.ts');
    expect(inputs).toContain('server/store/cloudbase/cloudbase-document-store.ts');
    expect(forbiddenInputs(bundle.report.metafile)).toEqual([]);
    expect(
      inputs.filter((input) => /server\/dev\/|server\/store\/sqlite\/|better-sqlite3|qrcode|wx-server-sdk/.test(input)),
    ).toEqual([]);
    // Required only when a subscribe message is sent: not installed here, and the ticks below still run.
    expect(bundle.report.externalImports).toEqual(['wx-server-sdk']);
  });

  it('refuses an event that is neither a timer tick nor { chunkSize }, before reading the environment', async () => {
    const { exports, results } = await callBundle([{ chunkSize: -1 }, { action: 'session.me' }], {});
    expect(exports).toContain('main');
    for (const result of results)
      expect(result).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
  });

  it('answers INTERNAL and logs why when the environment lacks the key', async () => {
    const { results, stderr } = await callBundle([TIMER], {});
    expect(results[0]).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('PII_MASTER_KEY') } });
    expect(stderr).toContain('Jobs failed');
  });

  describe('on a timer tick, through the real node-sdk against the fake CloudBase', () => {
    let fake: FakeCloudbase;
    let store: CloudbaseDocumentStore;

    beforeEach(async () => {
      fake = await startFakeCloudbase();
      store = new CloudbaseDocumentStore(fakeCloudbaseApp(fake));
    });
    afterEach(async () => {
      await store.close();
      await fake.close();
    });

    it('drafts the reports owed for the period that just ended, warns about the silent, and does nothing more on the next tick', async () => {
      const now = new Date().toISOString();
      const org = async (id: string, parent: { id: string; path: string } | null, name: string, kind: 'committee' | 'branch') => {
        const orgPath = `${parent ? parent.path : '/'}${id}/`;
        const record: OrganizationRecord = {
          name,
          kind,
          parentId: parent?.id ?? null,
          path: orgPath,
          region: { province: '江苏省', city: '苏州市', district: '姑苏区' },
          branchKind: kind === 'branch' ? 'community' : null,
          hometown: null,
          industry: null,
          address: null,
          createdAt: now,
          createdBy: 'test',
        };
        await store.insert<OrganizationRecord>(COLLECTIONS.organizations, { _id: id, ...record });
        return { id, path: orgPath, orgId: id, name };
      };
      const city = await org('o_city', null, '区委', 'committee');
      const branch = await org('o_branch', city, '新桥社区第一党支部', 'branch');
      const home = await org('o_home', null, '靖江市委', 'committee');
      const village = await org('o_village', home, '新港村党支部', 'branch');
      // Placed two years ago, never at a meeting since: owed last period's report, and long silent.
      const placedAt = new Date(Date.now() - 730 * 24 * 3600 * 1000).toISOString();
      const files = createFileStore(store, cloudbaseBlobs(fakeCloudbaseApp(fake)), systemClock);
      const deps: ServiceDeps = {
        store,
        files,
        pii: new PiiProtector(KEY),
        clock: systemClock,
        codeRenderer: noCodeRenderer,
        deskTickets: noDeskTickets,
        notifier: new RecordingNotifier(),
      };
      const ids = ['m_bundle1', 'm_bundle2', 'm_bundle3'];
      for (const id of ids) {
        await store.insert<MemberRecord>(
          COLLECTIONS.members,
          placedMemberRecord(deps, {
            id,
            name: `党员${id}`,
            branch,
            outflow: { orgId: village.id, name: village.name, path: village.path },
            placedAt,
          }),
        );
      }

      const { results, stdout, stderr } = await callBundle([TIMER, TIMER], {
        PII_MASTER_KEY: KEY.toString('base64'),
        SCF_NAMESPACE: 'fake-env',
        TCB_ENV: 'fake-env',
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: fake.url }),
        TENCENTCLOUD_SECRETID: 'fake-secret-id',
        TENCENTCLOUD_SECRETKEY: 'fake-secret-key',
        TENCENTCLOUD: 'true',
      });
      expect(stderr).not.toContain('Jobs failed');
      // One JSON line per event in the function's log.
      expect(stdout).toContain('"event":"jobs.finished"');
      expect(stdout).toContain('"event":"jobs.invocation"');
      const [first, second] = results;
      expect(first).toMatchObject({
        ok: true,
        data: {
          complete: true,
          jobs: [
            { job: 'member_sweep', status: 'finished', processed: 3, created: 3 },
            { job: 'overdue_reminders' },
            { job: 'transfer_reminders', status: 'finished', created: 0 },
            { job: 'service_reminders', status: 'finished', created: 0 },
            { job: 'activity_reminders' },
            { job: 'org_figures' },
            { job: 'desk_session_sweep' },
            { job: 'record_backfills' },
          ],
        },
      });
      // The second tick of the same day finds every run finished.
      expect(second.data?.jobs.map((job) => job.status)).toEqual(Array(8).fill('already_finished'));

      const period = previousPeriod('quarter', first.data?.today ?? shanghaiDate(systemClock));
      const reports = fake.documents(COLLECTIONS.reports) ?? [];
      expect(reports.map((doc) => doc._id).sort()).toEqual(ids.map((id) => reportIdFor(id, period.key)).sort());
      const flags = (fake.documents(COLLECTIONS.lifeFlags) ?? []) as unknown as LifeFlagRecord[];
      expect(flags.map((flag) => flag.level).sort()).toEqual([
        'escalation',
        'escalation',
        'escalation',
        'warning',
        'warning',
        'warning',
      ]);
      const runs = (fake.documents(COLLECTIONS.jobRuns) ?? []) as unknown as JobRunRecord[];
      expect(runs.every((run) => run.finishedAt !== null)).toBe(true);
      // The job state moved by compare-and-set through the SDK, as the adapter does it.
      expect(fake.requests.map((request) => request.action)).toContain('database.modifyDocument');
    });
  });
});
