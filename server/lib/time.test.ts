import { shanghaiDate, shanghaiMonth, timestamp } from './time';

const at = (iso: string) => ({ now: () => new Date(iso) });

describe('dates are China Standard Time whatever the process TZ', () => {
  it('an evening in UTC is already tomorrow in Shanghai', () => {
    expect(shanghaiDate(at('2026-11-25T16:30:00Z'))).toBe('2026-11-26');
    expect(shanghaiDate(at('2026-11-25T15:59:59Z'))).toBe('2026-11-25');
  });

  it('the last evening of a month (UTC) is the next month in Shanghai', () => {
    expect(shanghaiMonth(at('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('stores timestamps as UTC ISO strings', () => {
    expect(timestamp(at('2026-11-25T16:30:00+08:00'))).toBe('2026-11-25T08:30:00.000Z');
  });
});
