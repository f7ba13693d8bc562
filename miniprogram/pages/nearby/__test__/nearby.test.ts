import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { nearbyPlace, placeView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/nearby/nearby');
const fake = useWxFake();

const SUZHOU = { province: '江苏省', city: '苏州市', district: '姑苏区' };
const poster = {
  posterId: 'gp_station',
  label: '苏州站北广场',
  region: SUZHOU,
  organization: { orgId: 'o_gusu', name: '中共苏州市姑苏区委员会', kind: 'committee' as const },
};
const branch = { ...placeView(), distanceMetres: 2350 };

describe('nearby (the 归队码 page)', () => {
  it("opened from a poster, lists the poster's district at once, without asking for the location", async () => {
    fake.respond('place.resolvePoster', ok(poster));
    fake.respond(
      'place.nearby',
      ok({ by: 'district', items: [nearbyPlace({ distanceMetres: null })], completeWithinMetres: null }),
    );
    const page = await openPage(pageId, 'onLoad', { scene: encodeURIComponent('g=gp_station') });
    expect(fake.callsOf('place.resolvePoster')).toEqual([{ scene: 'g=gp_station' }]);
    expect(fake.callsOf('place.nearby')).toEqual([{ region: SUZHOU, limit: 30 }]);
    expect(fake.locationRequests).toBe(0);
    expect(page.text()).toContain('您扫的是苏州站北广场的归队码');
    expect(page.text()).toContain('姑苏区的党组织和服务中心');
    expect(page.text()).toContain('苏州站红色驿站');
    expect(page.text()).toContain('红色驿站 · 由新桥社区党委管理');
    expect(page.text()).toContain('开放时间：每天 8:00—20:00');
    expect(page.text()).not.toContain('约');
  });

  it('with the location allowed, lists the nearest first with their distance', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('请用您的位置查找，或选择区县');
    fake.answerLocation({ latitude: 31.3305, longitude: 120.6106 });
    fake.respond('place.nearby', ok({ by: 'distance', items: [nearbyPlace(), branch], completeWithinMetres: 4200 }));
    await page.tap('#locate');
    expect(fake.callsOf('place.nearby')).toEqual([{ point: { latitude: 31.3305, longitude: 120.6106 }, limit: 10 }]);
    expect(page.text()).toContain('离您最近的');
    expect(page.text()).toContain('约 350 米');
    expect(page.text()).toContain('约 2.4 公里');
    expect(page.text()).toContain('4.2 公里以内的都已列出');
  });

  it('copes with a refusal: says so, offers the settings, and still lists by district', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    fake.answerLocation({ errMsg: 'getLocation:fail auth deny' });
    await page.tap('#locate');
    expect(page.text()).toContain('没有使用您的位置。您可以按区县查找');
    expect(page.has('#allow')).toBe(true);
    expect(fake.callsOf('place.nearby')).toEqual([]);

    fake.respond('place.nearby', ok({ by: 'district', items: [], completeWithinMetres: null }));
    await page.fire('#region', 'change', { value: ['江苏省', '苏州市', '吴中区'] });
    expect(fake.callsOf('place.nearby')).toEqual([{ region: { ...SUZHOU, district: '吴中区' }, limit: 30 }]);
    expect(page.text()).toContain('这个区县还没有登记了位置的党组织');
    await page.tap('#to-checkin');
    expect(fake.lastUrl()).toBe('/pages/checkin/checkin');

    // Allowed in the settings after all: the location is asked again.
    fake.answerSetting(true);
    fake.answerLocation({ latitude: 31.3305, longitude: 120.6106 });
    fake.respond('place.nearby', ok({ by: 'distance', items: [nearbyPlace()], completeWithinMetres: 600 }));
    await page.tap('#allow');
    expect(fake.callsOf('place.nearby')[1]).toEqual({ point: { latitude: 31.3305, longitude: 120.6106 }, limit: 10 });
  });

  it("navigates with WeChat's map, and 报到 leads into the check-in of the organization that runs the place", async () => {
    fake.respond('place.resolvePoster', ok(poster));
    fake.respond(
      'place.nearby',
      ok({ by: 'district', items: [nearbyPlace({ distanceMetres: null }), branch], completeWithinMetres: null }),
    );
    const page = await openPage(pageId, 'onLoad', { scene: 'g%3Dgp_station' });
    await page.tapNth('.navigate', 1);
    expect(fake.openedLocations).toEqual([
      { latitude: 31.318652, longitude: 120.629987, name: '新桥社区第一党支部', address: '平江街道新桥路 18 号', scale: 16 },
    ]);
    await page.tapNth('.checkin', 0);
    expect(fake.lastUrl()).toBe('/pages/checkin/checkin?scene=b%3Do_xinqiao&via=nearby');
  });

  it('a code that is not a 归队码 says so, and the page still works', async () => {
    fake.respond('place.resolvePoster', fail('INVALID_CODE', '这不是归队码，请换一个码再扫', 'scene'));
    const page = await openPage(pageId, 'onLoad', { scene: 'x%3D1' });
    expect(page.text()).toContain('这不是归队码');
    expect(page.has('#locate')).toBe(true);
  });

  it('a failed list offers to try again', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    fake.failTransport('place.nearby', 'request:fail timeout');
    await page.fire('#region', 'change', { value: ['江苏省', '苏州市', '姑苏区'] });
    expect(page.text()).toContain('网络不通');
    fake.respond(
      'place.nearby',
      ok({ by: 'district', items: [nearbyPlace({ distanceMetres: null })], completeWithinMetres: null }),
    );
    await page.tap('#state >>> .retry');
    expect(page.text()).toContain('苏州站红色驿站');
  });
});
