// Signing in from the phone: the QR code, a refusal (a fresh code on a click), then the
// confirmation through the API as the phone sends it, as 周建华 (admin of 姑苏区委).
const OFFICIAL = 'dev_suzhou_admin';

async function shownCode(t) {
  const code = await t.page.waitForSelector('[data-login-id] img[alt="登录二维码"]', { visible: true, timeout: 20_000 });
  await t.page.waitForFunction((img) => img.complete && img.naturalWidth > 0, {}, code);
  return t.page.$eval('[data-login-id]', (el) => ({ loginId: el.dataset.loginId, scene: el.dataset.scene }));
}

module.exports = [
  {
    name: 'sign-in: the desk shows a QR code to scan with the mini-program',
    async run(t) {
      await t.open('');
      const code = await shownCode(t);
      t.check(code.loginId && code.scene, 'the code carries its login id and scene');
      await t.waitForText('确认登录');
      await t.shot('sign-in');
    },
  },
  {
    name: 'sign-in: a code refused on the phone offers a fresh one',
    async run(t) {
      const code = await shownCode(t);
      await t.phone(OFFICIAL, 'desk.loginDescribe', { scene: code.scene });
      await t.phone(OFFICIAL, 'desk.loginConfirm', { loginId: code.loginId, decision: 'refuse' });
      await t.waitForText('手机上拒绝了这次登录');
      await t.shot('sign-in-refused');
      await t.clickText('刷新二维码');
      const fresh = await shownCode(t);
      t.check(fresh.loginId !== code.loginId, 'a new code, not the refused one');
    },
  },
  {
    name: 'sign-in: the phone confirms and the desk is the official’s, with their roles',
    async run(t) {
      const code = await shownCode(t);
      const asked = await t.phone(OFFICIAL, 'desk.loginDescribe', { scene: code.scene });
      t.check(asked.device.includes('Chrome'), `the phone sees which computer asks (${asked.device})`);
      await t.waitForText('已扫码');
      await t.shot('sign-in-scanned');
      await t.phone(OFFICIAL, 'desk.loginConfirm', { loginId: code.loginId, decision: 'confirm' });
      await t.waitForText('周建华', '[data-testid="signed-in-official"]');
      await t.waitForText('中共苏州市姑苏区委员会 组织管理员', '[data-testid="signed-in-official"]');
      const sessions = await t.phone(OFFICIAL, 'desk.sessions');
      t.check(sessions.items.length === 1, 'the phone lists this one desk session');
    },
  },
];
