import { addDays, nextSpringFestival, yearEndTalkWindow } from './spring-festival';

describe('the year-end talk window', () => {
  it('finds the next Spring Festival across the new year', () => {
    expect(nextSpringFestival('2026-12-01')).toBe('2027-02-06');
    expect(nextSpringFestival('2027-02-06')).toBe('2027-02-06');
    expect(nextSpringFestival('2027-02-07')).toBe('2028-01-26');
  });

  it('opens the window the set number of days before the festival and closes it on the eve', () => {
    expect(yearEndTalkWindow('2027-01-06', 30)).toBeNull();
    expect(yearEndTalkWindow('2027-01-07', 30)).toEqual({ festival: '2027-02-06', start: '2027-01-07', end: '2027-02-05' });
    expect(yearEndTalkWindow('2027-02-05', 30)?.end).toBe('2027-02-05');
    expect(yearEndTalkWindow('2027-02-06', 30)).toBeNull();
    expect(yearEndTalkWindow('2026-12-20', 60)?.start).toBe('2026-12-08');
  });

  it('covers every year the product is expected to run, and says so when it runs out', () => {
    for (let year = 2025; year <= 2034; year += 1) expect(nextSpringFestival(`${year}-03-01`)).not.toBeNull();
    expect(nextSpringFestival('2035-03-01')).toBeNull();
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
