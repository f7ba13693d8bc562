import { formatDateTime, formatDay, formatMonth, formatRegion, splitSkills, todayCst } from '../format';

describe('format', () => {
  it('shows times in China Standard Time whatever the zone', () => {
    expect(formatDateTime('2025-03-01T18:30:00.000Z')).toBe('2025年3月2日 02:30');
    expect(formatDateTime(null)).toBe('');
    expect(todayCst(Date.parse('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01');
  });

  it('writes months and regions the Chinese way', () => {
    expect(formatMonth('2024-03')).toBe('2024年3月');
    expect(formatDay('2026-12-01')).toBe('2026年12月1日');
    expect(formatDay('')).toBe('');
    expect(formatRegion({ province: '北京市', city: '北京市', district: '海淀区' })).toBe('北京市 海淀区');
  });

  it('splits skills on Chinese and ASCII separators', () => {
    expect(splitSkills('水电维修、理发，开锁, 家电  ;')).toEqual(['水电维修', '理发', '开锁', '家电']);
    expect(splitSkills('   ')).toEqual([]);
  });
});
