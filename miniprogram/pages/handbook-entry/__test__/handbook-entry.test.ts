import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { handbookEntryView as entry } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/handbook-entry/handbook-entry');
const fake = useWxFake();

describe('handbook-entry', () => {
  it('shows the entry with its source, date and end; a member cannot change it', async () => {
    fake.respond(
      'handbook.get',
      ok(entry('hb_1', { validUntil: '2026-08-31', old: { reason: 'expired', note: '有效期至2026年8月31日，已过期' } })),
    );
    const page = await openPage(pageId, 'onLoad', { entryId: 'hb_1' });
    await page.run('onShow');
    expect(page.text()).toContain('已过期');
    expect(page.text()).toContain('发布日期：2026年3月2日');
    expect(page.text()).toContain('有效期至：2026年8月31日');
    expect(page.text()).toContain('中共苏州市姑苏区委员会（苏州市姑苏区）');
    expect(page.has('#edit')).toBe(false);
  });

  it('an admin marks it old with a reason; nothing is sent without one', async () => {
    fake.respond('handbook.get', ok(entry('hb_1', { can: { edit: true } })));
    const page = await openPage(pageId, 'onLoad', { entryId: 'hb_1' });
    await page.run('onShow');
    await page.tap('#start-withdraw');
    await page.tap('#withdraw');
    expect(fake.callsOf('handbook.withdraw')).toEqual([]);
    expect(page.text()).toContain('请写明原因');
    await page.input('#note', '已被2027年新政策替代');
    fake.respond('handbook.withdraw', fail('CONFLICT', '这个条目刚被其他人修改，请刷新后再试', 'version'));
    await page.tap('#withdraw');
    expect(page.text()).toContain('该记录已被其他人修改，请刷新后再试');
    fake.respond(
      'handbook.withdraw',
      ok(entry('hb_1', { can: { edit: true }, version: 2, old: { reason: 'withdrawn', note: '已被2027年新政策替代' } })),
    );
    await page.tap('#withdraw');
    expect(fake.callsOf('handbook.withdraw')[1]).toEqual({ entryId: 'hb_1', version: 1, note: '已被2027年新政策替代' });
    expect(page.text()).toContain('旧政策');
    expect(page.has('#start-withdraw')).toBe(false);
    await page.tap('#edit');
    expect(fake.lastUrl()).toBe('/pages/handbook-edit/handbook-edit?entryId=hb_1');
  });
});
