// 数据统计: the subtree's figures as the night's job kept them, a figure drilled down to the
// members behind it (the same members the api lists), and an organization below opened.
const OFFICIAL = 'dev_suzhou_admin';
const TOP = '中共苏州市姑苏区委员会';

async function topOrg(t) {
  const page = await t.phone(OFFICIAL, 'org.list', { query: TOP, limit: 5 });
  const org = page.items.find((item) => item.name === TOP);
  t.check(org, `${TOP} exists`);
  return org;
}

async function allMembers(t, orgId, figure) {
  const names = [];
  let cursor = null;
  do {
    const page = await t.phone(OFFICIAL, 'figures.members', { orgId, figure, cursor, limit: 100 });
    names.push(...page.items.map((member) => member.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

module.exports = [
  {
    name: 'figures: the official’s organization with everything below it, counted by the night’s job',
    async run(t) {
      await t.clickText('数据统计', '.desk-menu a');
      await t.waitForText(`${TOP}（含全部下级）`);
      await t.waitForText('统计时间', '[data-testid="figures-as-of"]');
      const top = await topOrg(t);
      const kept = await t.phone(OFFICIAL, 'figures.get', { orgId: top.orgId });
      const shown = await t.page.$eval('[data-figure="registered"] .desk-figures__number', (el) => el.innerText);
      t.check(Number(shown) === kept.organization.subtree.registered, `the card shows the kept count (${shown})`);
      t.check(kept.organization.subtree.registered > 0, 'the demo has members below the district');
      await t.page.waitForSelector('[data-testid="figures-children-chart"] canvas', { visible: true });
      await t.shot('figures');
    },
  },
  {
    name: 'figures: a figure opens the members behind it, the same the api lists',
    async run(t) {
      const top = await topOrg(t);
      const kept = await t.phone(OFFICIAL, 'figures.get', { orgId: top.orgId });
      await t.page.click('[data-figure="placed"]');
      await t.waitForText('已纳入支部管理的党员', '[data-testid="figure-members"]');
      const names = await allMembers(t, top.orgId, 'placed');
      t.check(names.length === kept.organization.subtree.placed, `the list has as many as the figure (${names.length})`);
      await t.waitForText(names[0], '[data-testid="figure-members"] .desk-table');
      const rows = await t.page.$$eval('[data-testid="figure-members"] tbody tr', (trs) => trs.length);
      t.check(rows === Math.min(50, names.length), `the first page shows ${rows} of them`);
      const masked = await t.page.$eval('[data-testid="figure-members"] tbody tr td:nth-child(2)', (td) => td.innerText);
      t.check(masked.includes('*'), `ID numbers are masked (${masked})`);
      t.check(t.page.url().endsWith(`/figures/${top.orgId}/placed`), 'the address holds the open figure');
      await t.shot('figures-members');
    },
  },
  {
    name: 'figures: 待找 from the movement list is a card like the others, and opens the records behind it',
    async run(t) {
      const top = await topOrg(t);
      const kept = await t.phone(OFFICIAL, 'figures.get', { orgId: top.orgId });
      await t.clickText('数据统计', '.desk-menu a');
      await t.waitForText(`${TOP}（含全部下级）`);
      const shown = await t.page.$eval('[data-figure="toFind"] .desk-figures__number', (el) => el.innerText);
      t.check(Number(shown) === kept.organization.subtree.toFind, `the 待找 card shows the kept count (${shown})`);
      t.check(kept.organization.subtree.toFind > 0, 'the demo list has 待找 below the district');
      t.check(kept.organization.subtree.listed >= kept.organization.subtree.toFind, 'the listed count holds the 待找');
      await t.page.click('[data-figure="toFind"]');
      await t.waitForText('待找的党员', '[data-testid="figure-members"]');
      const names = await allMembers(t, top.orgId, 'toFind');
      t.check(names.length === kept.organization.subtree.toFind, `the list has as many as the figure (${names.length})`);
      await t.waitForText(names[0], '[data-testid="figure-members"] .desk-table');
      await t.waitForText('名单：待走访', '[data-testid="figure-members"] .desk-table');
      const masked = await t.page.$eval('[data-testid="figure-members"] tbody tr td:nth-child(2)', (td) => td.innerText);
      t.check(masked.includes('*'), `ID numbers are masked (${masked})`);
      t.check(t.page.url().endsWith(`/figures/${top.orgId}/toFind`), 'the address holds the open figure');
    },
  },
  {
    name: 'figures: an organization below opens with its own figures',
    async run(t) {
      const top = await topOrg(t);
      const kept = await t.phone(OFFICIAL, 'figures.get', { orgId: top.orgId });
      const child = kept.children.items.find((item) => item.subtree.registered > 0);
      t.check(child, 'an organization below has members');
      await t.clickText(child.name, 'td');
      await t.waitForText(`${child.name}（含全部下级）`);
      const shown = await t.page.$eval('[data-figure="registered"] .desk-figures__number', (el) => el.innerText);
      t.check(Number(shown) === child.subtree.registered, `its card shows its own subtree (${shown})`);
      await t.shot('figures-child');
    },
  },
];
