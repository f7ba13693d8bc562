/**
 * The jobs function's entry: which events it takes, and how it turns the function's time limit
 * into a deadline with a safety margin.
 */
import { SAFETY_MARGIN_MS, createJobsMain } from '../../server/jobs/jobs-main';
import { type Harness, createHarness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('sqlite');
});
afterEach(() => h.close());

const TIMER = { Type: 'Timer', TriggerName: 'nightly', Time: '2026-11-08T17:10:00Z', Message: '' };
const SCF_CONTEXT = { request_id: 'r1', time_limit_in_ms: 60_000, memory_limit_in_mb: 512, function_name: 'jobs' };

function mainWith(wallTime: () => number) {
  const events: string[] = [];
  const main = createJobsMain({ getDeps: async () => h.deps, wallTime, log: (event) => events.push(event) });
  return { main, events };
}

it('runs on a timer event, a manual { chunkSize } and an empty event, and refuses anything else', async () => {
  const { main } = mainWith(() => 0);
  for (const event of [TIMER, { chunkSize: 20 }, {}, undefined]) {
    const result = await main(event, SCF_CONTEXT);
    expect(result).toMatchObject({ ok: true, data: { complete: true } });
  }
  for (const event of [{ chunkSize: 0 }, { chunkSize: 5000 }, { chunksize: 20 }, { Type: 'Cos' }, 'run']) {
    expect(await main(event, SCF_CONTEXT)).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
  }
});

it('stops before the time limit less the safety margin, and leaves the rest to the next tick', async () => {
  // The first reading is the invocation's start; every later one is `elapsed` after it.
  const after = (elapsed: number) => {
    let readings = 0;
    return () => (readings++ === 0 ? 1_000_000 : 1_000_000 + elapsed);
  };
  const late = mainWith(after(60_000 - SAFETY_MARGIN_MS));
  expect(await late.main(TIMER, SCF_CONTEXT)).toMatchObject({
    ok: true,
    data: { complete: false, jobs: [{ status: 'out_of_time', chunks: 0 }] },
  });
  expect(late.events).toContain('jobs.out_of_time');

  const inTime = mainWith(after(60_000 - SAFETY_MARGIN_MS - 1));
  expect(await inTime.main(TIMER, SCF_CONTEXT)).toMatchObject({ ok: true, data: { complete: true } });

  // No limit in the context: the 60 s that cloudbaserc.json sets. (A week on: today's runs are finished.)
  h.clock.advance(7 * 24 * 3600 * 1000);
  const noContext = mainWith(after(60_000 - SAFETY_MARGIN_MS));
  expect(await noContext.main(TIMER, {})).toMatchObject({ ok: true, data: { complete: false } });
});

it('answers INTERNAL, without throwing, when the dependencies cannot be built', async () => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const main = createJobsMain({
    getDeps: () => Promise.reject(new Error('Invalid environment: PII_MASTER_KEY: Required')),
    log: () => undefined,
  });
  expect(await main(TIMER, SCF_CONTEXT)).toEqual({
    ok: false,
    error: { code: 'INTERNAL', message: expect.stringContaining('PII_MASTER_KEY') },
  });
  errors.mockRestore();
});
