// 党员档案: a branch's roster as 姑苏区委's admin sees it (masked), and members whose journey has
// each state: 失联 now, lost and found again, a transfer agreed, a placement ended by a merger.
const OFFICIAL = 'dev_suzhou_admin';

async function orgIdOf(t, name) {
  const found = await t.phone(OFFICIAL, 'org.list', { query: name });
  const org = found.items.find((item) => item.name === name);
  t.check(org, `${name} is in the tree`);
  return org.orgId;
}

const textOf = (t, testId) => t.page.$eval(`[data-testid="${testId}"]`, (node) => node.innerText);

async function openMember(t, name) {
  await t.clickText(name, '[data-testid="members"] td');
  await t.waitForText(name, '[data-testid="member-detail"] h1');
  for (const part of ['member-placements', 'member-lost-contact', 'member-transfer', 'member-talks', 'member-card']) {
    await t.page.waitForFunction(
      (id) => {
        const node = document.querySelector(`[data-testid="${id}"]`);
        return node && !node.querySelector('.t-loading');
      },
      { timeout: 20_000 },
      part,
    );
  }
}

module.exports = [
  {
    name: 'members: a branch roster lists its members, masked, and exports them',
    async run(t) {
      const branch = await orgIdOf(t, '靖江市驻苏州流动党员党支部');
      await t.open('members');
      await t.waitForText('党员档案', 'h1');
      // 姑苏区委 is a committee: its roster is by branch, so it opens on the members it sends out.
      await t.waitForText('没有外出党员', '[data-testid="members"]');
      await t.open(`members?org=${branch}&side=inflow`);
      await t.waitForText('林红霞', '[data-testid="members"]');
      await t.waitForText('胡桂英', '[data-testid="members"]');
      const text = await textOf(t, 'members');
      t.check(text.includes('失联'), '林红霞 shows as 失联 in the roster');
      t.check(!/\d{17}[\dX]/.test(text), 'no ID number in the clear');
      await t.shot('members');
      const file = await t.download(() => t.clickText('导出', '[data-testid="members"] button'));
      const csv = file.bytes.toString('utf8');
      t.check(file.name.endsWith('.csv') && csv.includes('林红霞') && csv.includes('胡桂英'), 'the CSV lists the roster');
      await t.page.waitForSelector('.t-message', { hidden: true, timeout: 20_000 });
    },
  },
  {
    name: 'members: one marked 失联 shows since when and why; one with an agreed transfer shows its steps',
    async run(t) {
      await openMember(t, '林红霞');
      const lost = await textOf(t, 'member-lost-contact');
      t.check(lost.includes('现在失联') && lost.includes('最后联系'), `林红霞's 失联 mark shows (${lost})`);
      const placements = await textOf(t, 'member-placements');
      t.check(placements.includes('靖江市驻苏州流动党员党支部') && placements.includes('至今'), 'her open placement shows');
      await t.shot('member-lost-contact');
      await t.clickText('返回名单', 'button');
      await openMember(t, '胡桂英');
      const transfer = await textOf(t, 'member-transfer');
      t.check(
        transfer.includes('流出地已同意') && transfer.includes('提议转接') && transfer.includes('同意转接'),
        `the transfer's steps show (${transfer})`,
      );
      const standing = await textOf(t, 'member-standing');
      t.check(standing.includes('*'), 'the standing shows masked numbers only');
      await t.shot('member-transfer');
    },
  },
  {
    name: 'members: one found again keeps the earlier 失联; one whose report went home shows it on the card',
    async run(t) {
      const branch = await orgIdOf(t, '新桥社区第一党支部');
      await t.open(`members?org=${branch}&side=inflow`);
      await openMember(t, '朱海燕');
      const lost = await textOf(t, 'member-lost-contact');
      t.check(lost.includes('以前的失联') && lost.includes('找到'), `朱海燕's earlier 失联 and its finding show (${lost})`);
      await t.clickText('返回名单', 'button');
      // 杨玉兰's report of last quarter went home: the card's participation and the reports show it.
      await openMember(t, '杨玉兰');
      const card = await textOf(t, 'member-card');
      t.check(
        card.includes('新桥社区第一党支部') && card.includes('年审'),
        `the card's participation row and 年审 show (${card})`,
      );
      const reports = await textOf(t, 'member-reports');
      t.check(reports.includes('已提交'), `her submitted report shows (${reports})`);
      const talks = await textOf(t, 'member-talks');
      t.check(talks.includes('联系人'), 'the contact person line shows');
      const transfer = await textOf(t, 'member-transfer');
      t.check(transfer.includes('等流出地答复'), `her transfer waits for the hometown (${transfer})`);
      await t.shot('member-card');
    },
  },
  {
    name: 'members: a member the official may not see answers like one that does not exist, with a way back',
    async run(t) {
      await t.open('members/m_not_theirs');
      await t.waitForText('没能加载出来', '[data-testid="member-detail"]');
      await t.clickText('返回名单', 'button');
      await t.waitForText('党员档案', '[data-testid="members"] h1');
    },
  },
];
