/** The local stand-in for the timer (`npm start`): a pass at once, never two at a time, and a clean stop. */
import { startJobTimer } from '../../server/jobs/schedule';
import { createHarness } from '../support/harness';

it('runs a pass at start, shares a pass under way with runNow, and stops only after it', async () => {
  const h = await createHarness('sqlite');
  const events: string[] = [];
  const timer = startJobTimer(h.deps, { everyMs: 60 * 60_000, log: (event) => events.push(event) });
  // The pass started at once is the one runNow answers with: no second pass runs beside it.
  const first = await timer.runNow();
  expect(first).toMatchObject({
    complete: true,
    jobs: [
      { job: 'member_sweep' },
      { job: 'overdue_reminders' },
      { job: 'transfer_reminders' },
      { job: 'service_reminders' },
      { job: 'activity_reminders' },
      { job: 'org_figures' },
      { job: 'desk_session_sweep' },
      { job: 'record_backfills' },
    ],
  });
  expect(events.filter((event) => event === 'jobs.finished')).toHaveLength(8);
  // A later pass on the same day finds the runs finished.
  const second = await timer.runNow();
  expect(second.jobs.map((job) => job.status)).toEqual(Array(8).fill('already_finished'));
  await timer.stop();
  await h.close();
});
