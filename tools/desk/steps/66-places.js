// 地点与归队码: 姑苏区委's place and its red stations as the demo left them; a station's hours
// changed in its dialog (read back through the api as the phone reads it); the poster's 归队码.
const OFFICIAL = 'dev_suzhou_admin';
const STATION = '苏州站红色驿站';

async function committee(t) {
  const me = await t.phone(OFFICIAL, 'session.me');
  return me.roles.find((role) => role.role === 'org_admin').orgId;
}

module.exports = [
  {
    name: 'places: the committee’s own place and the red stations it runs',
    async run(t) {
      await t.clickText('地点与归队码', '.desk-menu a');
      await t.waitForText('姑苏区三香路 1209 号', '[data-testid="own-place"]');
      await t.waitForText(STATION, '.desk-table');
      await t.waitForText('人力资源市场红色驿站', '.desk-table');
      await t.shot('places');
    },
  },
  {
    name: 'places: a red station’s hours are changed on the desk, and the phone reads the new ones',
    async run(t) {
      await t.clickText(STATION, 'td');
      await t.page.waitForSelector('[data-testid="place-form"]', { visible: true });
      await t.typeInto('[data-testid="place-hours"] input', '每天 6:30—22:00');
      await t.shot('places-edit');
      await t.clickText('保存', '.t-dialog button');
      await t.page.waitForFunction(() => !document.querySelector('[data-testid="place-form"]'), { timeout: 10_000 });
      await t.waitForText('每天 6:30—22:00', '.desk-table');
      const overview = await t.phone(OFFICIAL, 'place.ofOrg', { orgId: await committee(t) });
      const station = overview.centres.find((centre) => centre.name === STATION);
      t.check(station && station.hours === '每天 6:30—22:00', 'the station keeps its new hours');
      t.check(station.point.latitude === 31.330284, 'the point on the map stays where it was');
    },
  },
  {
    name: 'places: the 归队码 for the poster at the labour market',
    async run(t) {
      await t.typeInto('[data-testid="poster-label"] input', '人力资源市场大厅');
      await t.clickText('生成归队码', 'button');
      await t.waitForText('人力资源市场大厅的归队码', '[data-testid="poster-code"]');
      await t.shot('places-poster');
    },
  },
];
