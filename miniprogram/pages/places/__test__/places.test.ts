import type { ActionOutput } from '../../../../server/contract';
import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { nearbyPlace, placeView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/places/places');
const fake = useWxFake();

const SUZHOU = { province: '江苏省', city: '苏州市', district: '姑苏区' };
const { distanceMetres: _unused, ...centre } = nearbyPlace();

function overview(overrides: Partial<ActionOutput<'place.ofOrg'>> = {}): ActionOutput<'place.ofOrg'> {
  return {
    organization: {
      orgId: 'o_xinqiao1',
      name: '新桥社区第一党支部',
      kind: 'branch',
      address: '新桥路 18 号',
      contact: '0512-65230000',
      region: SUZHOU,
    },
    location: null,
    centres: [],
    canEdit: true,
    ...overrides,
  };
}

async function open(data = overview()) {
  fake.respond('place.ofOrg', ok(data));
  return openPage(pageId, 'onLoad', { orgId: 'o_xinqiao1' });
}

describe('places (an organization on the map)', () => {
  it("an admin picks the organization's place on the map, fills in the hours and saves it", async () => {
    const page = await open();
    expect(page.text()).toContain('还没有在地图上标出位置');
    fake.answerChooseLocation({
      latitude: 31.3186521,
      longitude: 120.6299874,
      name: '新桥社区居委会',
      address: '江苏省苏州市姑苏区新桥路18号',
    });
    await page.tap('#edit-own');
    expect(page.text()).toContain('新桥社区居委会');
    // The organization's own address stays; the map's fills only an empty one.
    expect(page.find('#address')?.instance?.data.value).toBe('新桥路 18 号');
    await page.input('#hours', '周一至周五 9:00—17:30');
    const saved = placeView();
    fake.respond('place.setLocation', ok(saved));
    fake.respond('place.ofOrg', ok(overview({ location: saved })));
    await page.tap('#save');
    expect(fake.callsOf('place.setLocation')).toEqual([
      {
        orgId: 'o_xinqiao1',
        point: { latitude: 31.318652, longitude: 120.629987 },
        address: '新桥路 18 号',
        hours: '周一至周五 9:00—17:30',
        contact: '0512-65230000',
        version: null,
      },
    ]);
    expect(page.text()).toContain('开放时间：周一至周五 9:00—17:30');
    await page.tap('#own-map');
    expect(fake.openedLocations).toHaveLength(1);
  });

  it('adds a red station with its name from the map, and shows a refusal under its field', async () => {
    const page = await open();
    fake.answerChooseLocation({ latitude: 31.330284, longitude: 120.610591, name: '苏州站', address: '苏站路1号' });
    await page.tap('#add-centre');
    await page.fire('#centre-kind', 'change', { value: 'red_station' });
    fake.respond('place.saveCentre', fail('BAD_REQUEST', '不能为空', 'name'));
    await page.input('#name', ' ');
    await page.tap('#save');
    expect(page.find('.name-error')?.dom?.textContent).toContain('不能为空');
    const first = fake.callsOf('place.saveCentre')[0];
    expect(first).toMatchObject({ centreId: null, centreKind: 'red_station', address: '苏站路1号', version: null });

    await page.input('#name', '苏州站红色驿站');
    fake.respond('place.saveCentre', ok(centre));
    fake.respond('place.ofOrg', ok(overview({ centres: [centre] })));
    await page.tap('#save');
    // The retry of the same form carries the same request id: one station, however often it is sent.
    expect(fake.callsOf('place.saveCentre')[1].requestId).toBe(first.requestId);
    expect(page.text()).toContain('苏州站红色驿站');
    expect(page.text()).toContain('红色驿站 · 苏站路 1 号北广场');
  });

  it('a closed map leaves the form open without a word; saving without a point says to pick one', async () => {
    const page = await open();
    fake.answerChooseLocation({ errMsg: 'chooseLocation:fail cancel' });
    await page.tap('#add-centre');
    expect(page.text()).toContain('还没有选');
    expect(page.has('.point-error')).toBe(false);
    await page.tap('#save');
    expect(page.find('.point-error')?.dom?.textContent).toContain('请先在地图上选好位置');
    expect(fake.callsOf('place.saveCentre')).toEqual([]);
  });

  it('removes a centre after asking', async () => {
    const page = await open(overview({ centres: [centre] }));
    fake.answerModal(false);
    await page.tap('.centre-remove');
    expect(fake.callsOf('place.removeCentre')).toEqual([]);
    fake.answerModal(true);
    fake.respond('place.removeCentre', ok({ centreId: centre.placeId, removed: true as const }));
    fake.respond('place.ofOrg', ok(overview()));
    await page.tap('.centre-remove');
    expect(fake.callsOf('place.removeCentre')).toEqual([{ centreId: 'pc_station', version: 1 }]);
    expect(page.text()).toContain('本组织还没有登记党群服务中心或红色驿站');
  });

  it('makes a 归队码 for a poster and saves it to the album', async () => {
    const page = await open();
    await page.input('#poster-label', '苏州站北广场');
    fake.respond(
      'place.posterCode',
      ok({
        poster: {
          posterId: 'gp_1',
          label: '苏州站北广场',
          region: SUZHOU,
          organization: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部', kind: 'branch' },
        },
        scene: 'g=gp_1',
        page: 'pages/nearby/nearby',
        imageDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
      }),
    );
    await page.tap('#make-poster');
    expect(fake.callsOf('place.posterCode')).toEqual([{ orgId: 'o_xinqiao1', label: '苏州站北广场' }]);
    expect(page.text()).toContain('苏州站北广场的归队码');
    await page.tap('#save-poster');
    expect(fake.writtenFiles).toHaveLength(1);
  });

  it('a secretary sees the places without the buttons', async () => {
    const page = await open(overview({ location: placeView(), centres: [centre], canEdit: false }));
    expect(page.text()).toContain('这里只能查看');
    expect(page.has('#edit-own')).toBe(false);
    expect(page.has('.centre-edit')).toBe(false);
    expect(page.has('#make-poster')).toBe(false);
  });

  it('opened without an organization, offers the way home', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指明是哪个党组织');
  });
});
