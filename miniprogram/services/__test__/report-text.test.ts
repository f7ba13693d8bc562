import { volunteerHoursText } from '../report-text';

describe('volunteerHoursText', () => {
  it('says which part of the volunteer hours came from services to residents', () => {
    expect(volunteerHoursText({ volunteerHours: 5, serviceHours: 2 })).toBe('5 小时（其中为居民服务 2 小时，居民已确认）');
    expect(volunteerHoursText({ volunteerHours: 3, serviceHours: 0 })).toBe('3 小时');
  });
});
