import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { handbookEntryView as entry } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/handbook-edit/handbook-edit');
const fake = useWxFake();

describe('handbook-edit', () => {
  it('publishes for the organization: needs title, body and source; a wrong date is shown by its field', async () => {
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_gusu' });
    await page.tap('#submit');
    expect(fake.callsOf('handbook.publish')).toEqual([]);
    expect(page.data.errors).toEqual({ title: '请填写标题', body: '请填写政策内容', source: '请填写来源：发布单位和文件名' });
    await page.input('#topic', 'medical_schooling');
    await page.input('#title', '暑期爱心托管班报名');
    await page.input('#body', '凭居住证到就近托管点报名。');
    await page.input('#source', '姑苏区教育体育和文化旅游委员会');
    await page.fire('#validUntil', 'change', { value: '2020-01-01' });
    fake.respond('handbook.publish', fail('BAD_REQUEST', '有效期不能早于发布日期', 'validUntil'));
    await page.tap('#submit');
    expect(fake.callsOf('handbook.publish')[0]).toMatchObject({
      orgId: 'o_gusu',
      topic: 'medical_schooling',
      title: '暑期爱心托管班报名',
      sourceUrl: '',
      validUntil: '2020-01-01',
      requestId: expect.any(String),
    });
    expect(page.data.errors).toEqual({ validUntil: '有效期不能早于发布日期' });
    await page.tap('#clear-valid-until');
    fake.respond('handbook.publish', ok(entry('hb_new')));
    await page.tap('#submit');
    const [first, second] = fake.callsOf('handbook.publish');
    expect(second).toEqual({ ...first, validUntil: null });
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('changes an entry with the version it read', async () => {
    fake.respond('handbook.get', ok(entry('hb_1', { version: 4, can: { edit: true } })));
    const page = await openPage(pageId, 'onLoad', { entryId: 'hb_1' });
    expect(page.data.form).toMatchObject({ title: '灵活就业社保补贴', sourceDate: '2026-03-02', validUntil: '' });
    await page.input('#title', '灵活就业社保补贴（2026年）');
    fake.respond('handbook.update', ok(entry('hb_1', { version: 5 })));
    await page.tap('#submit');
    expect(fake.callsOf('handbook.update')).toEqual([
      {
        entryId: 'hb_1',
        version: 4,
        topic: 'employment',
        title: '灵活就业社保补贴（2026年）',
        body: '按规定缴纳社会保险的灵活就业困难人员可申请补贴。',
        source: '苏州市人力资源和社会保障局',
        sourceDate: '2026-03-02',
        sourceUrl: '',
        validUntil: null,
      },
    ]);
  });
});
