// Last: 退出登录 ends the desk session on the server too, and the desk is back at its QR code.
module.exports = [
  {
    name: 'sign-out: 退出登录 ends the session, and the phone lists none',
    async run(t) {
      await t.clickText('退出登录');
      await t.waitForText('已退出登录');
      await t.page.waitForSelector('[data-login-id] img[alt="登录二维码"]', { visible: true });
      const sessions = await t.phone('dev_suzhou_admin', 'desk.sessions');
      t.check(sessions.items.length === 0, 'no desk session is left');
      await t.shot('signed-out');
    },
  },
];
