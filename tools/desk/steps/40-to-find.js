// 组织找党员: the 待找 records the lists left, handed to a branch below, and those with a result.
const OFFICIAL = 'dev_suzhou_admin';

module.exports = [
  {
    name: 'to-find: the 待找 of the committee list the new people, with masked ID numbers',
    async run(t) {
      await t.clickText('查看待找记录', '[data-testid="import-movement-result"] button');
      await t.waitForText('钱国强', '[data-testid="to-find"]');
      await t.waitForText('冯晓丽', '[data-testid="to-find"]');
      const text = await t.page.$eval('[data-testid="to-find"]', (node) => node.textContent);
      t.check(!text.includes('341125198803060516'), 'no ID number in the clear');
      await t.shot('to-find');
    },
  },
  {
    name: 'to-find: one is handed to a branch below, and the results list shows the visit and the linked',
    async run(t) {
      const me = await t.phone(OFFICIAL, 'session.me', {});
      const committee = me.roles.find((role) => role.role === 'org_admin').orgId;
      const before = (await t.phone(OFFICIAL, 'toFind.list', { orgId: committee })).items.find((item) => item.name === '钱国强');
      t.check(before && before.organization.orgId === committee, '钱国强 is the committee’s to find');
      await t.page.evaluate(() => {
        const row = [...document.querySelectorAll('[data-testid="to-find"] tr')].find((tr) => tr.textContent.includes('钱国强'));
        row.querySelector('button').click();
      });
      await t.waitForText('分给下级组织', '.t-dialog');
      await t.page.click('.t-dialog .t-select');
      await t.clickText('中共姑苏区平江街道工作委员会', '.t-select-option, li');
      await t.clickText('分过去', '.t-dialog button');
      // The dialog closes once toFind.assign has answered: only then is the record handed over.
      await t.page.waitForFunction(
        () =>
          ![...document.querySelectorAll('.t-dialog')].some(
            (d) => d.textContent.includes('分给下级组织') && d.offsetParent !== null,
          ),
        { timeout: 15000 },
      );
      const after = (await t.phone(OFFICIAL, 'toFind.list', { orgId: committee })).items.find((item) => item.name === '钱国强');
      t.check(after && after.organization.name === '中共姑苏区平江街道工作委员会', 'handed to the street committee');
      await t.clickText('已有结果', '.t-tabs__nav-item');
      await t.waitForText('已去别处', '[data-testid="to-find"]');
      await t.waitForText('已登记，已关联', '[data-testid="to-find"]');
      await t.shot('to-find-results');
    },
  },
];
