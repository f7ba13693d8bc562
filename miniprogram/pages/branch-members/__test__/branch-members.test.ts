import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { memberView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/branch-members/branch-members');
const fake = useWxFake();
const OPTIONS = { branchId: 'o_xinqiao1', name: encodeURIComponent('新桥社区第一党支部') };
const placed = memberView({
  status: 'placed',
  placedAt: '2025-03-02T01:00:00.000Z',
  inflowBranch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
});
const CODE = {
  organization: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部', kind: 'branch' as const },
  scene: 'b=o_xinqiao1',
  page: 'pages/checkin/checkin',
  imageDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
};

async function open(items = [placed], nextCursor: string | null = null): Promise<PageDriver> {
  fake.respond('branch.members', ok({ items, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

describe('branch-members', () => {
  it('shows loading, then members with masked phones and status', async () => {
    const held = fake.hold('branch.members');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: [placed], nextCursor: null }));
    await loading;
    expect(fake.callsOf('branch.members')).toEqual([{ branchId: 'o_xinqiao1', cursor: null }]);
    expect(page.text()).toContain('王建国');
    expect(page.text()).toContain('138****5678');
    expect(page.text()).toContain('已纳入支部管理');
    expect(page.text()).toContain('2025年3月2日纳入');
  });

  it('marks a member 失联 with the day of last contact, and a transferred member as a regular one', async () => {
    const lost = memberView({
      memberId: 'm_2',
      name: '李红梅',
      status: 'placed',
      lostContact: {
        since: '2026-09-30',
        reason: 'abroad',
        note: '',
        markedOn: '2026-11-20',
        markedByName: '李秀英',
        markedSide: 'inflow',
      },
    });
    const transferred = memberView({ memberId: 'm_3', name: '赵小军', status: 'transferred' });
    const page = await open([placed, lost, transferred]);
    expect(page.findAll('.lost-tag').map((tag) => tag.dom?.textContent)).toEqual(['失联（最后联系 2026年9月30日）']);
    expect(page.text()).toContain('组织关系已转入本地支部');
  });

  it("opens a member's record when the row is tapped", async () => {
    const page = await open([placed, memberView({ memberId: 'm_2', name: '李红梅' })]);
    await page.clickNth('.member', 1);
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/member-detail/member-detail?memberId=m_2&name=${encodeURIComponent('李红梅')}`,
    });
  });

  it('offers the check-in code when the branch has no members', async () => {
    const page = await open([]);
    expect(page.text()).toContain('本支部还没有党员');
    // One button for the code, inside the empty state: not a second one above it doing the same.
    expect(page.has('#show-code')).toBe(false);
    fake.respond('org.checkinCode', ok(CODE));
    await page.tap('#empty >>> .empty-action');
    expect(fake.callsOf('org.checkinCode')).toEqual([{ orgId: 'o_xinqiao1' }]);
  });

  it('shows an error and retries', async () => {
    fake.respond('branch.members', fail('INTERNAL'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('系统出了点问题');
    fake.respond('branch.members', ok({ items: [placed], nextCursor: null }));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.member')).toHaveLength(1);
  });

  it('loads more with the cursor, and retries a failed page', async () => {
    const page = await open([placed], 'cur1');
    fake.failTransport('branch.members', 'request:fail');
    await page.tap('#more');
    expect(page.text()).toContain('网络不通');
    fake.respond('branch.members', ok({ items: [memberView({ memberId: 'm_2', name: '李红梅' })], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('branch.members').slice(1)).toEqual([
      { branchId: 'o_xinqiao1', cursor: 'cur1' },
      { branchId: 'o_xinqiao1', cursor: 'cur1' },
    ]);
    expect(page.findAll('.member')).toHaveLength(2);
  });

  it('shows the check-in code large and saves it to the album', async () => {
    const page = await open();
    fake.respond('org.checkinCode', ok(CODE));
    await page.tap('#show-code');
    const image = page.find('.code-image');
    expect(image?.toJSON().attrs).toContainEqual({ name: 'src', value: CODE.imageDataUrl });
    await page.tap('#save-code');
    expect(fake.writtenFiles[0]).toMatchObject({
      filePath: 'wxfile://usr/checkin-code-o_xinqiao1.png',
      data: 'iVBORw0KGgo=',
      encoding: 'base64',
    });
    expect(fake.savedImages).toEqual(['wxfile://usr/checkin-code-o_xinqiao1.png']);
    expect(fake.toasts[0]?.title).toBe('已保存到相册');
  });

  it('shows why the code could not be made, with a retry', async () => {
    const page = await open();
    fake.respond('org.checkinCode', fail('FORBIDDEN'));
    await page.tap('#show-code');
    expect(page.find('.code-error')?.dom?.textContent).toContain('您没有办理这项业务的权限');
    fake.respond('org.checkinCode', ok(CODE));
    await page.tap('#code-retry');
    expect(page.has('.code-image')).toBe(true);
  });
});
