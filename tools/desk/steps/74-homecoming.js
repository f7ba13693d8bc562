// 返乡工作: the inflow side's desk sees nothing of a hometown's candidates; 靖江市委's desk keeps
// them and records a step. The desk signs in as 陈立新 for it, and as 周建华 again after.
const INFLOW = 'dev_suzhou_admin';
const HOMETOWN = 'dev_jingjiang_admin';

async function signInAs(t, openid, name) {
  await t.clickText('退出登录');
  await t.waitForText('已退出登录');
  const img = await t.page.waitForSelector('[data-login-id] img[alt="登录二维码"]', { visible: true, timeout: 20_000 });
  await t.page.waitForFunction((el) => el.complete && el.naturalWidth > 0, {}, img);
  const code = await t.page.$eval('[data-login-id]', (el) => ({ loginId: el.dataset.loginId, scene: el.dataset.scene }));
  await t.phone(openid, 'desk.loginDescribe', { scene: code.scene });
  await t.phone(openid, 'desk.loginConfirm', { loginId: code.loginId, decision: 'confirm' });
  await t.waitForText(name, '[data-testid="signed-in-official"]');
}

module.exports = [
  {
    name: 'homecoming: the inflow side’s desk lists no candidates of the hometown',
    async run(t) {
      await t.clickText('返乡工作', '.desk-menu a');
      await t.waitForText('还没有提名人选', '[data-testid="homecoming"]');
      const text = await t.page.$eval('[data-testid="homecoming"]', (node) => node.textContent);
      t.check(!text.includes('郁金铭'), 'no word of 郁金铭 at 姑苏区委');
    },
  },
  {
    name: 'homecoming: 靖江市委’s desk shows 郁金铭 appointed and home, and records 王海军 talked to',
    async run(t) {
      await signInAs(t, HOMETOWN, '陈立新');
      await t.clickText('返乡工作', '.desk-menu a');
      await t.waitForText('郁金铭', '[data-testid="homecoming"]');
      await t.waitForText('已返回家乡，流动结束', '[data-testid="homecoming"]');
      await t.shot('homecoming');
      await t.page.evaluate(() => {
        const row = [...document.querySelectorAll('[data-testid="homecoming"] tr')].find((tr) =>
          tr.textContent.includes('王海军'),
        );
        [...row.querySelectorAll('button')].find((b) => b.textContent.includes('登记已谈话')).click();
      });
      await t.waitForText('登记已谈话：王海军', '.t-dialog');
      await t.shot('homecoming-step');
      await t.clickText('确定登记', '.t-dialog button');
      await t.page.waitForFunction(
        () =>
          ![...document.querySelectorAll('.t-dialog')].some(
            (d) => d.textContent.includes('登记已谈话：') && d.offsetParent !== null,
          ),
        { timeout: 15000 },
      );
      const me = await t.phone(HOMETOWN, 'session.me', {});
      const county = me.roles.find((role) => role.role === 'org_admin').orgId;
      const listed = await t.phone(HOMETOWN, 'candidate.list', { orgId: county });
      const wang = listed.items.find((item) => item.member.name === '王海军');
      t.check(wang && wang.status === 'talked', '王海军 is recorded as talked to');
      await t.clickText('智囊团', '.t-tabs__nav-item, [role="tab"], div');
      await t.waitForText('郁金铭', '[data-testid="homecoming"] .desk-table');
      await t.shot('homecoming-think-tank');
      await signInAs(t, INFLOW, '周建华');
    },
  },
];
