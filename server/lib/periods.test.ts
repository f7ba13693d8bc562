import { dueDate, endedPeriods, monthsBetween, periodContaining, periodFromKey, previousPeriod } from './periods';

describe('reporting periods (calendar days in Shanghai)', () => {
  it('finds the period that contains a day, for every kind', () => {
    expect(periodContaining('quarter', '2026-11-25')).toEqual({
      key: '2026-Q4',
      kind: 'quarter',
      start: '2026-10-01',
      end: '2026-12-31',
      label: '2026年第四季度',
    });
    expect(periodContaining('month', '2026-02-10')).toMatchObject({ key: '2026-M02', start: '2026-02-01', end: '2026-02-28' });
    expect(periodContaining('month', '2028-02-10')).toMatchObject({ end: '2028-02-29' });
    expect(periodContaining('half_year', '2026-07-01')).toMatchObject({
      key: '2026-H2',
      start: '2026-07-01',
      end: '2026-12-31',
      label: '2026年下半年',
    });
    expect(periodContaining('year', '2026-01-01')).toMatchObject({ key: '2026-Y', start: '2026-01-01', end: '2026-12-31' });
  });

  it('finds the previous whole period across a year boundary', () => {
    expect(previousPeriod('quarter', '2027-01-01')).toMatchObject({ key: '2026-Q4' });
    expect(previousPeriod('month', '2026-03-31')).toMatchObject({ key: '2026-M02' });
    expect(previousPeriod('half_year', '2026-05-01')).toMatchObject({ key: '2025-H2' });
    expect(previousPeriod('year', '2026-05-01')).toMatchObject({ key: '2025-Y' });
  });

  it('lists the latest ended periods, newest first, across a new year, without the running one', () => {
    expect(endedPeriods('quarter', '2027-01-01', 3).map((period) => period.key)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2']);
    expect(endedPeriods('month', '2026-02-28', 2).map((period) => period.label)).toEqual(['2026年1月', '2025年12月']);
    expect(endedPeriods('half_year', '2026-07-01', 2).map((period) => period.key)).toEqual(['2026-H1', '2025-H2']);
    expect(endedPeriods('year', '2026-12-31', 1).map((period) => period.key)).toEqual(['2025-Y']);
  });

  it('reads a period back from its key and refuses a malformed one', () => {
    for (const key of ['2026-M01', '2026-Q3', '2026-H1', '2026-Y']) expect(periodFromKey(key)?.key).toBe(key);
    expect(periodFromKey('2026-Q5')).toBeNull();
    expect(periodFromKey('2026-M13')).toBeNull();
  });

  it('counts the due date and whole months', () => {
    expect(dueDate(periodContaining('quarter', '2026-09-01'), 15)).toBe('2026-10-15');
    expect(monthsBetween('2026-08-25', '2026-11-24')).toBe(2);
    expect(monthsBetween('2026-08-25', '2026-11-25')).toBe(3);
  });
});
