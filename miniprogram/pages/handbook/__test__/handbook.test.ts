import { ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { handbookEntryView as entry } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/handbook/handbook');
const fake = useWxFake();

const place = { orgId: 'o_b3', name: '新桥社区第三党支部' };

describe('handbook', () => {
  it('a member reads their place’s handbook with source and date, old ones marked, and searches it', async () => {
    fake.respond(
      'handbook.list',
      ok({
        place,
        canPublish: false,
        items: [entry('hb_1'), entry('hb_2', { title: '2023年租房补贴', old: { reason: 'withdrawn', note: '已被新政策替代' } })],
        nextCursor: null,
      }),
    );
    const page = await openPage(pageId, 'onLoad', {});
    expect(fake.callsOf('handbook.list')).toEqual([{ query: '', cursor: null }]);
    expect(page.text()).toContain('新桥社区第三党支部及上级党组织发布的政策');
    const rows = page.findAll('.row').map((row) => (row.dom?.textContent ?? '').replace(/\s+/g, ' '));
    expect(rows[0]).toContain('苏州市人力资源和社会保障局 · 2026年3月2日');
    expect(rows[0]).not.toContain('旧政策');
    expect(rows[1]).toContain('旧政策');
    expect(page.has('#publish')).toBe(false);

    fake.respond('handbook.list', ok({ place, canPublish: false, items: [], nextCursor: null }));
    await page.input('#search', '暑托');
    await page.fire('#search', 'submit');
    expect(fake.callsOf('handbook.list')[1]).toEqual({ query: '暑托', cursor: null });
    expect(page.text()).toContain('没有找到相关政策，换个关键字试试');
    fake.respond('handbook.list', ok({ place, canPublish: false, items: [entry('hb_1')], nextCursor: null }));
    await page.input('#topic', 'employment');
    expect(fake.callsOf('handbook.list')[2]).toEqual({ topic: 'employment', query: '暑托', cursor: null });
    await page.tapNth('.row', 0);
    expect(fake.lastUrl()).toBe('/pages/handbook-entry/handbook-entry?entryId=hb_1');
  });

  it('a member not placed anywhere is told where the handbook comes from', async () => {
    fake.respond('handbook.list', ok({ place: null, canPublish: false, items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('向支部报到、纳入管理后，这里会显示您所在地的政策手册');
  });

  it('an admin of the organization publishes from here', async () => {
    fake.respond(
      'handbook.list',
      ok({ place: { orgId: 'o_gusu', name: '姑苏区委' }, canPublish: true, items: [], nextCursor: null }),
    );
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_gusu' });
    expect(fake.callsOf('handbook.list')).toEqual([{ orgId: 'o_gusu', query: '', cursor: null }]);
    expect(page.text()).toContain('这里还没有发布政策');
    await page.tap('#publish');
    expect(fake.lastUrl()).toBe('/pages/handbook-edit/handbook-edit?orgId=o_gusu');
  });
});
