/**
 * `Date.now()` answers `now` in every test of the file that calls this, and is restored after
 * each: the pages read "today" in Shanghai from it (this year's plan, the months left to choose,
 * the periods a filter offers), so a test fixes the day it is written for.
 */
export function useFixedNow(now: number): void {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(now);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
}
