import { COUNTING_DELAY_MS, measureRequestCounts, summarizeRequestCounts } from '../bench/request-counts';
import { ACTIONS } from '../server/contract';

/**
 * What a user waits for on CloudBase, pinned: every action of the contract, run against the
 * CloudBase adapter and the fake CloudBase server (bench/request-counts.ts, the same run as
 * `npm run bench -- requests`), makes at most 8 requests one after another, and the median
 * action at most 4. Counts, not times: the delay only makes requests sent together overlap at
 * the server, so that they count as one step (at the bench's counting delay, wide enough for a
 * busy machine).
 */

const MAX_IN_SERIES = 8;
const MAX_MEDIAN_IN_SERIES = 4;

describe('CloudBase requests per action', () => {
  it(`every action waits for at most ${MAX_IN_SERIES} requests in series, the median for ${MAX_MEDIAN_IN_SERIES}`, async () => {
    const summary = summarizeRequestCounts(await measureRequestCounts({ delayMs: COUNTING_DELAY_MS }));
    const actions = new Set(summary.rows.flatMap((row) => (row.action ? [row.action] : [])));
    // The run covers the whole contract.
    expect([...actions].sort()).toEqual(Object.keys(ACTIONS).sort());
    const over = summary.rows.filter((row) => row.inSeries > MAX_IN_SERIES).map((row) => `${row.label}: ${row.inSeries}`);
    expect(over).toEqual([]);
    expect(summary.medianInSeries).toBeLessThanOrEqual(MAX_MEDIAN_IN_SERIES);
  }, 60_000);
});
