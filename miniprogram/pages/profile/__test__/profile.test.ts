import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { memberView, orgView, sessionMe } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/profile/profile');
const fake = useWxFake();
const AGREED = { currentVersion: 'v1', agreedVersion: 'v1' };

async function openRegister(): Promise<PageDriver> {
  fake.respond('session.me', ok(sessionMe({ consent: AGREED })));
  return openPage(pageId, 'onLoad', {});
}

async function openEdit(): Promise<PageDriver> {
  fake.respond('session.me', ok(sessionMe({ consent: AGREED, member: memberView() })));
  return openPage(pageId, 'onLoad', {});
}

async function fillEverythingButOutflow(page: PageDriver): Promise<void> {
  await page.input('#name', ' 李红梅 ');
  await page.input('#gender', 'female');
  await page.input('#idCard', '32128219900101002X');
  await page.input('#phone', '139 1234 5678');
  await page.input('#standing', 'probationary');
  await page.fire('#joinedPartyOn', 'change', { value: '2024-06-30' });
  await page.fire('#leftOn', 'change', { value: '2023-02' });
  await page.input('#leaveReason', 'work');
  await page.fire('#residenceRegion', 'change', { value: ['江苏省', '苏州市', '姑苏区'] });
  await page.input('#address', '新桥路 18 号 2 栋');
  await page.input('#workplace', '美团外卖姑苏站');
  await page.input('#occupation', '外卖骑手');
  await page.fire('#industry', 'change', { value: '6' });
  await page.input('#workPattern', 'irregular');
  await page.input('#skills', '水电维修、理发，开锁');
}

async function pickListedOutflow(page: PageDriver): Promise<void> {
  await page.input('#org-query', '新桥村');
  fake.respond('org.list', ok({ items: [orgView({ orgId: 'o_village', name: '靖江市新桥镇新桥村党支部' })], nextCursor: null }));
  await page.tap('#org-search');
  await page.click('.org-result');
}

describe('profile: register', () => {
  it('shows loading, then the empty form', async () => {
    const held = fake.hold('session.me');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', {});
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(sessionMe({ consent: AGREED })));
    await loading;
    expect(page.text()).toContain('提交登记');
    expect(page.text()).toContain('身份证号 *');
  });

  it('asks for consent first when the notice was not agreed', async () => {
    fake.respond('session.me', ok(sessionMe()));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('请先阅读《个人信息收集告知书》');
    await page.tap('#go-consent');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/consent/consent' });
  });

  it('shows a load error and retries', async () => {
    fake.respond('session.me', fail('INTERNAL', 'stack trace'));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('系统出了点问题');
    expect(page.text()).not.toContain('stack trace');
    fake.respond('session.me', ok(sessionMe({ consent: AGREED })));
    await page.tap('#state >>> .retry');
    expect(page.text()).toContain('提交登记');
  });

  it('offers the GB/T 4754 sections A–T as industries, so a bank clerk finds 金融业', async () => {
    const page = await openRegister();
    const options = page.data.industryOptions as { value: string; label: string }[];
    expect(options.map((option) => option.value)).toEqual('ABCDEFGHIJKLMNOPQRST'.split(''));
    const finance = options.findIndex((option) => option.label.startsWith('金融业'));
    await page.fire('#industry', 'change', { value: String(finance) });
    expect(page.data.form).toMatchObject({ industry: 'J' });
    expect(page.text()).toContain('金融业（银行、保险、证券）');
  });

  it('marks missing fields and sends nothing', async () => {
    const page = await openRegister();
    await page.tap('#submit');
    expect(fake.calls).toHaveLength(1); // session.me only
    expect(page.text()).toContain('请填写姓名');
    expect(page.text()).toContain('请填写身份证号');
    expect(page.text()).toContain('请查找并选择您的党组织');
    expect(page.text()).toContain('项需要填写或修改');
  });

  it('asks in three steps, marking what is missing in a step before going on', async () => {
    const page = await openRegister();
    expect(page.text()).toContain('第 1 步，共 3 步');
    expect(page.text()).toContain('本人和党员信息');
    expect(page.has('#prev-step')).toBe(false);
    await page.tap('#next-step');
    expect(page.data.step).toBe(1);
    expect(page.text()).toContain('请填写姓名');
    // Only this step's fields are marked: the outflow organization is asked on the next step.
    expect(page.text()).not.toContain('请查找并选择您的党组织');
    expect(fake.calls).toHaveLength(1); // session.me only

    await page.input('#name', '李红梅');
    await page.input('#gender', 'female');
    await page.input('#idCard', '32128219900101002X');
    await page.input('#phone', '13912345678');
    await page.input('#standing', 'full');
    await page.fire('#joinedPartyOn', 'change', { value: '2024-06-30' });
    expect(page.find('#row-joinedPartyOn')?.dom?.textContent).toContain('2024年6月30日');
    await page.tap('#next-step');
    expect(page.data.step).toBe(2);
    expect(page.text()).toContain('第 2 步，共 3 步');
    expect(page.text()).not.toContain('请填写姓名');
    await page.fire('#leftOn', 'change', { value: '2023-02' });
    expect(page.find('#row-leftOn')?.dom?.textContent).toContain('2023年2月');
    await page.tap('#prev-step');
    expect(page.data.step).toBe(1);
    expect(page.data.form).toMatchObject({ name: '李红梅', leftOn: '2023-02' });
  });

  it('goes back to the step that holds a field the submit found missing', async () => {
    const page = await openRegister();
    await fillEverythingButOutflow(page);
    await page.tap('#next-step');
    await page.tap('#next-step');
    expect(page.data.step).toBe(2);
    expect(page.text()).toContain('请查找并选择您的党组织');
    await pickListedOutflow(page);
    await page.tap('#next-step');
    expect(page.data.step).toBe(3);
    fake.respond('member.register', fail('ID_CARD_TAKEN', '该身份证号已经登记', 'idCard'));
    await page.tap('#submit');
    expect(page.data.step).toBe(1);
  });

  it('registers with a listed outflow organization and goes on to check in', async () => {
    const page = await openRegister();
    await fillEverythingButOutflow(page);
    await pickListedOutflow(page);
    expect(fake.callsOf('org.list')).toEqual([{ query: '新桥村', limit: 20 }]);
    expect(page.find('#row-outflow')?.dom?.textContent).toContain('靖江市新桥镇新桥村党支部');
    expect(page.text()).toContain('更换党组织');
    fake.respond('member.register', ok(memberView()));
    await page.tap('#submit');
    expect(fake.callsOf('member.register')).toEqual([
      {
        name: '李红梅',
        gender: 'female',
        idCard: '32128219900101002X',
        phone: '139 1234 5678',
        standing: 'probationary',
        joinedPartyOn: '2024-06-30',
        outflow: { kind: 'listed', orgId: 'o_village' },
        leftOn: '2023-02',
        leaveReason: 'work',
        residence: { region: { province: '江苏省', city: '苏州市', district: '姑苏区' }, address: '新桥路 18 号 2 栋' },
        workplace: '美团外卖姑苏站',
        occupation: '外卖骑手',
        industry: 'G',
        workPattern: 'irregular',
        skills: ['水电维修', '理发', '开锁'],
      },
    ]);
    expect(fake.toasts[0]?.title).toBe('登记成功');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/checkin/checkin' });
  });

  it('registers an organization that is not on the list', async () => {
    const page = await openRegister();
    await fillEverythingButOutflow(page);
    await page.tap('#unlisted');
    await page.input('#outflowName', '定远县某村党支部');
    await page.fire('#outflowRegion', 'change', { value: ['安徽省', '滁州市', '定远县'] });
    fake.respond('member.register', ok(memberView()));
    await page.tap('#submit');
    expect(fake.callsOf('member.register')[0]?.outflow).toEqual({
      kind: 'unlisted',
      name: '定远县某村党支部',
      region: { province: '安徽省', city: '滁州市', district: '定远县' },
    });
  });

  it('says when a search finds nothing and offers the unlisted path', async () => {
    const page = await openRegister();
    await page.input('#org-query', '火星');
    fake.respond('org.list', ok({ items: [], nextCursor: null }));
    await page.tap('#org-search');
    expect(page.text()).toContain('没有找到名称里有“火星”的党组织');
    expect(page.text()).toContain('我的党组织不在列表中');
  });

  it('shows the server field message next to the field', async () => {
    const page = await openRegister();
    await fillEverythingButOutflow(page);
    await pickListedOutflow(page);
    fake.respond('member.register', fail('BAD_REQUEST', '不能超过 80 个字', 'residence.address'));
    await page.tap('#submit');
    expect(page.data.errors).toEqual({ address: '不能超过 80 个字' });
    expect(page.find('#row-address')?.dom?.textContent).toContain('不能超过 80 个字');
    expect(fake.navigations).toEqual([]);
  });

  it('puts ID_CARD_TAKEN under the ID number', async () => {
    const page = await openRegister();
    await fillEverythingButOutflow(page);
    await pickListedOutflow(page);
    fake.respond('member.register', fail('ID_CARD_TAKEN', '该身份证号已经登记', 'idCard'));
    await page.tap('#submit');
    expect(page.find('#row-idCard')?.dom?.textContent).toContain('该身份证号已被其他微信账号登记');
    // The way back for a member whose record sits on an old WeChat account, right under the number.
    expect(page.find('#row-idCard')?.dom?.textContent).toContain('这是我的身份证号：申请找回档案');
    expect(page.has('#notice-action')).toBe(false);
    await page.tap('#ask-move');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/account-move/account-move' });
  });

  it('turns ALREADY_REGISTERED into editing the existing record', async () => {
    const page = await openRegister();
    await fillEverythingButOutflow(page);
    await pickListedOutflow(page);
    fake.respond(
      'member.register',
      fail(
        'ALREADY_REGISTERED',
        '这个微信号已经登记过党员信息，这次填写的内容没有保存。如需修改，请回到首页，点“查看、修改我的信息”',
      ),
    );
    await page.tap('#submit');
    // The form that differs from the record is not dropped without a word: the member reads why and where.
    expect(page.text()).toContain('这次填写的内容没有保存');
    expect(page.text()).toContain('查看、修改我的信息');
    fake.respond('session.me', ok(sessionMe({ consent: AGREED, member: memberView() })));
    await page.tap('#notice-action');
    expect(page.text()).toContain('保存修改');
  });

  it('sends CONSENT_REQUIRED to the notice', async () => {
    const page = await openRegister();
    await fillEverythingButOutflow(page);
    await pickListedOutflow(page);
    fake.respond('member.register', fail('CONSENT_REQUIRED'));
    await page.tap('#submit');
    expect(page.text()).toContain('请先阅读并同意个人信息收集告知书');
    await page.tap('#notice-action');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/consent/consent' });
  });
});

describe('profile: edit', () => {
  it('shows the masked ID number read-only and prefills the rest', async () => {
    const page = await openEdit();
    expect(page.text()).toContain('3212**********1234');
    expect(page.has('#idCard')).toBe(false);
    // The current phone and address are said beside the empty boxes, not in a placeholder too long to show.
    expect(page.find('#phone')?.data.placeholder).toBe('不修改请留空');
    expect(page.find('.current-phone')?.dom?.textContent).toContain('现在的手机号：');
    expect(page.find('#address')?.data.placeholder).toBe('不修改请留空');
    expect(page.has('#next-step')).toBe(false);
    expect(page.find('.bottom-bar #submit')?.dom?.textContent).toContain('保存修改');
    expect(page.text()).toContain('靖江市新桥镇某村党支部');
    expect(page.text()).toContain('保存修改');
  });

  it('sends only the changed fields with the version', async () => {
    const page = await openEdit();
    await page.input('#phone', '13912345678');
    await page.input('#occupation', '网约车司机');
    fake.respond('member.updateProfile', ok(memberView({ occupation: '网约车司机' })));
    await page.tap('#submit');
    expect(fake.callsOf('member.updateProfile')).toEqual([{ version: 3, phone: '13912345678', occupation: '网约车司机' }]);
    expect(fake.toasts[0]?.title).toBe('已保存');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('asks for the address again when the region changes', async () => {
    const page = await openEdit();
    await page.fire('#residenceRegion', 'change', { value: ['江苏省', '南京市', '鼓楼区'] });
    await page.tap('#submit');
    expect(page.text()).toContain('修改居住地时，请重新填写详细住址');
    expect(fake.callsOf('member.updateProfile')).toEqual([]);
  });

  it('says so when nothing changed', async () => {
    const page = await openEdit();
    await page.tap('#submit');
    expect(fake.toasts[0]?.title).toBe('没有修改任何内容');
    expect(fake.callsOf('member.updateProfile')).toEqual([]);
  });

  it('offers a refresh after CONFLICT', async () => {
    const page = await openEdit();
    await page.input('#occupation', '网约车司机');
    fake.respond('member.updateProfile', fail('CONFLICT'));
    await page.tap('#submit');
    expect(page.text()).toContain('该记录已被其他人修改');
    fake.respond('session.me', ok(sessionMe({ consent: AGREED, member: memberView({ version: 4 }) })));
    await page.tap('#notice-action');
    expect(fake.callsOf('session.me')).toHaveLength(2);
  });
});
