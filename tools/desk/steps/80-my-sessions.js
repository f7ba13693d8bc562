// 我的登录: this desk's own sign-in, as the phone lists it too.
module.exports = [
  {
    name: 'my sessions: this desk’s sign-in is listed and marked as this computer',
    async run(t) {
      await t.clickText('我的登录', '.desk-menu a');
      await t.waitForText('就是这台电脑', '.desk-table');
      const sessions = await t.phone('dev_suzhou_admin', 'desk.sessions');
      await t.waitForText(sessions.items[0].device, '.desk-table');
      await t.shot('my-sessions');
    },
  },
];
