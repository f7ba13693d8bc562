// 人员任职: every post below 姑苏区委, an appointment by the personal code shown on a phone
// (refused first for a wrong code), one by a member picked by name, and a removal.
const OFFICIAL = 'dev_suzhou_admin';
const PHONE_PERSON = 'dev_member_new';
const COURIERS = '快递外卖行业流动党员党支部';
const MEMBER = '陶红梅';

async function rolesOf(t, openid) {
  return (await t.phone(openid, 'session.me')).roles;
}

module.exports = [
  {
    name: 'posts: every post at and below the official’s organization',
    async run(t) {
      await t.clickText('人员任职', '.desk-menu a');
      await t.waitForText('李秀英', '.desk-table');
      await t.waitForText('王明', '.desk-table');
      await t.waitForText('吴国强', '.desk-table');
      await t.shot('posts');
    },
  },
  {
    name: 'posts: a secretary is appointed by the code on her phone; a wrong code is refused first',
    async run(t) {
      const { code } = await t.phone(PHONE_PERSON, 'post.myCode');
      await t.clickText('任命');
      await t.page.waitForSelector('[data-testid="post-appoint-form"]', { visible: true });
      await t.typeInto('[data-testid="post-org"] input', '快递外卖');
      await t.clickText(COURIERS, '.t-select-option');
      await t.clickText('支部书记', 'label');
      await t.clickText('输入对方的任职码', 'label');
      await t.typeInto('[data-testid="post-code"] input', 'ZZZZZZZZ');
      await t.typeInto('[data-testid="post-holder-name"] input', '钱国华');
      await t.clickText('任命', '.t-dialog button');
      await t.waitForText('任职码不对或已过期', '[data-testid="post-appoint-form"]');
      await t.shot('posts-code-refused');
      const roles = await rolesOf(t, PHONE_PERSON);
      t.check(roles.length === 0, 'nobody was appointed by the wrong code');
      await t.typeInto('[data-testid="post-code"] input', code);
      await t.clickText('任命', '.t-dialog button');
      await t.waitForText('钱国华', '.desk-table');
      const after = await rolesOf(t, PHONE_PERSON);
      t.check(
        after.length === 1 && after[0].role === 'secretary' && after[0].orgName === COURIERS,
        'she is the couriers’ secretary',
      );
    },
  },
  {
    name: 'posts: a member found by name is appointed admin of the community',
    async run(t) {
      await t.clickText('任命');
      await t.page.waitForSelector('[data-testid="post-appoint-form"]', { visible: true });
      await t.typeInto('[data-testid="post-org"] input', '新桥社区委员会');
      await t.clickText('中共新桥社区委员会', '.t-select-option');
      await t.typeInto('[data-testid="post-member"] input', '陶');
      await t.clickText(MEMBER, '.t-select-option');
      await t.shot('posts-appoint-member');
      await t.clickText('任命', '.t-dialog button');
      await t.waitForText(MEMBER, '.desk-table');
      const roles = await rolesOf(t, 'dev_member_merged');
      t.check(
        roles.some((role) => role.role === 'org_admin' && role.orgName === '中共新桥社区委员会'),
        'the member is an admin now',
      );
    },
  },
  {
    name: 'posts: a post is removed from its row',
    async run(t) {
      await t.clickText('钱国华', 'td');
      await t.page.waitForSelector('[data-testid="post-detail"]', { visible: true });
      await t.shot('posts-end');
      await t.clickText('撤销任职', '.t-dialog button');
      await t.page.waitForFunction(() => !document.querySelector('[data-testid="post-detail"]'), { timeout: 10_000 });
      const roles = await rolesOf(t, PHONE_PERSON);
      t.check(roles.length === 0, 'she holds no post any more');
    },
  },
];
