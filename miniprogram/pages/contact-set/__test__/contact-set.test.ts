import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { ActionOutput } from '../../../../server/contract';

const pageId = loadUnit('pages/contact-set/contact-set');
const fake = useWxFake();
const OPTIONS = { memberId: 'm_1', name: encodeURIComponent('王建国') };

const candidates: ActionOutput<'contact.candidates'> = {
  roleHolders: [{ roleId: 'r_1_secretary_o_1', name: '李秀英', role: 'secretary' }],
  members: [{ memberId: 'm_2', name: '赵磊' }],
};
const talks = (version: number | null): ActionOutput<'talk.list'> => ({
  member: { memberId: 'm_1', name: '王建国' },
  side: 'inflow',
  contact: null,
  contactVersion: version,
  talks: [],
  due: [],
  canRecord: true,
});

describe('contact-set', () => {
  it('lists the branch role holders and members, and names the one tapped with the stored version', async () => {
    fake.respond('contact.candidates', ok(candidates));
    fake.respond('talk.list', ok(talks(3)));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('还没有指定联系人');
    expect(page.findAll('.choice').map((c) => (c.dom?.textContent ?? '').replace(/\s+/g, ''))).toEqual([
      '李秀英支部书记',
      '赵磊本支部党员（如支委）',
    ]);
    fake.respond(
      'contact.set',
      ok({ contact: { name: '赵磊', kind: 'member', memberId: 'm_2', setOn: '2026-11-25', setByName: '李秀英' }, version: 4 }),
    );
    await page.tapNth('.choice', 1);
    expect(fake.callsOf('contact.set')).toEqual([{ memberId: 'm_1', choice: { kind: 'member', memberId: 'm_2' }, version: 3 }]);
  });

  it('reloads after someone else named a contact meanwhile, and says so', async () => {
    fake.respond('contact.candidates', ok(candidates));
    fake.respond('talk.list', ok(talks(null)));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    fake.respond('contact.set', fail('CONFLICT', '联系人刚被其他人设置或修改，请刷新后再试', 'version'));
    fake.respond('contact.candidates', ok(candidates));
    fake.respond('talk.list', ok(talks(1)));
    await page.tapNth('.choice', 0);
    expect(fake.callsOf('talk.list')).toHaveLength(2);
    expect(page.data.version).toBe(1);
  });
});
