import { wxFake } from '../../../test/setup/wx-fake';
import { LOCATION_REFUSED, LOCATION_UNAVAILABLE, allowInSettings, chooseOnMap, locate, openInMap } from '../location';

const fake = wxFake();
beforeEach(() => fake.reset());

describe('locate', () => {
  it('answers the point in GCJ-02, rounded to six decimals', async () => {
    fake.answerLocation({ latitude: 31.33028412345, longitude: 120.61059187654 });
    await expect(locate()).resolves.toEqual({ ok: true, point: { latitude: 31.330284, longitude: 120.610592 } });
  });

  it('says how to go on when the person says no, now or earlier', async () => {
    for (const errMsg of [
      'getLocation:fail auth deny',
      'getLocation:fail auth denied',
      'getLocation:fail authorize no response',
    ]) {
      fake.answerLocation({ errMsg });
      await expect(locate()).resolves.toEqual({ ok: false, refused: true, error: LOCATION_REFUSED });
    }
  });

  it('tells a phone with its location switched off apart from a refusal', async () => {
    fake.answerLocation({ errMsg: 'getLocation:fail system permission denied' });
    await expect(locate()).resolves.toEqual({ ok: false, refused: false, error: LOCATION_UNAVAILABLE });
  });
});

describe('allowInSettings', () => {
  it('answers whether the location is allowed when the person comes back from the settings', async () => {
    fake.answerSetting(true);
    await expect(allowInSettings()).resolves.toBe(true);
    fake.answerSetting(false);
    await expect(allowInSettings()).resolves.toBe(false);
  });
});

describe('chooseOnMap', () => {
  it('opens the map at the place as it stands and answers the pick', async () => {
    fake.answerChooseLocation({ latitude: 31.4577351, longitude: 121.1306219, name: '太仓市政府', address: '县府东街99号' });
    await expect(chooseOnMap({ latitude: 31.45, longitude: 121.13 })).resolves.toEqual({
      ok: true,
      point: { latitude: 31.457735, longitude: 121.130622 },
      name: '太仓市政府',
      address: '县府东街99号',
    });
    expect(fake.mapPicks).toEqual([{ latitude: 31.45, longitude: 121.13 }]);
  });

  it('says nothing when the map is closed, and names a refusal', async () => {
    fake.answerChooseLocation({ errMsg: 'chooseLocation:fail cancel' });
    await expect(chooseOnMap()).resolves.toEqual({ ok: false, refused: false, error: '' });
    fake.answerChooseLocation({ errMsg: 'chooseLocation:fail auth deny' });
    await expect(chooseOnMap()).resolves.toMatchObject({ ok: false, refused: true });
    expect(fake.mapPicks).toEqual([{}, {}].map(() => ({ latitude: undefined, longitude: undefined })));
  });
});

describe('openInMap', () => {
  it("shows the place in WeChat's map with its name and address", () => {
    openInMap({ point: { latitude: 31.33, longitude: 120.61 }, name: '苏州站党群服务中心', address: '苏站路1号' });
    expect(fake.openedLocations).toEqual([
      { latitude: 31.33, longitude: 120.61, name: '苏州站党群服务中心', address: '苏站路1号', scale: 16 },
    ]);
  });
});
