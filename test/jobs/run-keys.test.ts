import { overdueRunKey, reminderWindowStart, sweepRunKey } from '../../server/jobs/run-keys';

describe('run keys and reminder windows (Shanghai calendar days)', () => {
  it('starts a sweep run on the 1st, 8th, 15th, 22nd and 29th, each covering the days up to the next', () => {
    const keys = Array.from({ length: 31 }, (_, i) => sweepRunKey(`2026-12-${String(i + 1).padStart(2, '0')}`));
    expect([...new Set(keys)]).toEqual(['2026-12-01', '2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29']);
    expect(keys.slice(0, 8)).toEqual([...Array(7).fill('2026-12-01'), '2026-12-08']);
    expect(sweepRunKey('2027-02-28')).toBe('2027-02-22');
    expect(sweepRunKey('2027-03-01')).toBe('2027-03-01');
  });

  it('runs the reminders every day', () => {
    expect(overdueRunKey('2026-11-25')).toBe('2026-11-25');
  });

  it('cuts reminder windows from a fixed Monday, so every day of a window names the same one', () => {
    expect(reminderWindowStart('2026-10-19', 7)).toBe('2026-10-19');
    expect(reminderWindowStart('2026-10-25', 7)).toBe('2026-10-19');
    expect(reminderWindowStart('2026-10-26', 7)).toBe('2026-10-26');
    expect(reminderWindowStart('2026-10-26', 1)).toBe('2026-10-26');
    const threes = ['2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23'].map((day) => reminderWindowStart(day, 3));
    expect(new Set(threes).size).toBe(2);
    for (const [day, start] of threes.map((start, i) => [['2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23'][i], start])) {
      expect(start <= day).toBe(true);
    }
  });
});
