import { COLLECTIONS } from '../store/indexes';
import {
  BACKENDS,
  type Harness,
  SYSTEM_ADMIN,
  type Tree,
  createHarness,
  nextRequestId,
  placeMember,
  seedTree,
} from '../../test/support/harness';

jest.setTimeout(60_000);

const MEMBER = 'hb_member';

const SUMMER_CARE = {
  topic: 'medical_schooling' as const,
  title: '暑期爱心托管班报名',
  body: '面向在姑苏区就业的来苏人员子女（小学一至五年级），7月初开班，每期四周，免费。凭居住证和父母一方的劳动合同到就近托管点报名。',
  source: '姑苏区教育体育和文化旅游委员会《2026年姑苏区暑期爱心托管服务工作方案》',
  sourceDate: '2026-06-10',
  validUntil: '2026-08-31',
};

const JOBS = {
  topic: 'employment' as const,
  title: '灵活就业人员社保补贴',
  body: '在苏州灵活就业并按规定缴纳社会保险的就业困难人员，可申请社会保险补贴，每年申请一次。',
  source: '苏州市人力资源和社会保障局《关于做好灵活就业人员社会保险补贴工作的通知》',
  sourceDate: '2026-03-02',
};

describe.each(BACKENDS)('政策手册 on %s', (backend) => {
  let h: Harness;
  let tree: Tree;

  beforeEach(async () => {
    h = await createHarness(backend);
    // 20 June 2026: the summer day-care notice is new.
    h.clock.set('2026-06-20T02:00:00.000Z');
    tree = await seedTree(h);
    await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '王军' });
  });
  afterEach(() => h.close());

  it('an admin publishes for the region; a member of a branch below reads and searches it, old entries marked', async () => {
    const requestId = nextRequestId();
    const care = await h.ok(tree.people.cityAdmin, 'handbook.publish', { orgId: tree.city.orgId, requestId, ...SUMMER_CARE });
    expect(care).toMatchObject({
      org: { orgId: tree.city.orgId, name: '中共苏州市姑苏区委员会' },
      region: { city: '苏州市', district: '姑苏区' },
      old: null,
      publishedByName: '周建华',
      can: { edit: true },
      sourceUrl: '',
    });
    // A retried publish is the same entry.
    expect(await h.ok(tree.people.cityAdmin, 'handbook.publish', { orgId: tree.city.orgId, requestId, ...SUMMER_CARE })).toEqual(
      care,
    );
    const jobs = await h.ok(tree.people.cityAdmin, 'handbook.publish', {
      orgId: tree.community.orgId,
      requestId: nextRequestId(),
      ...JOBS,
    });
    expect(await h.deps.store.count(COLLECTIONS.handbookEntries, {})).toBe(2);

    // The member's handbook is their branch's place: the community's and the district's entries, newest source first.
    const mine = await h.ok(MEMBER, 'handbook.list', {});
    expect(mine.place).toEqual({ orgId: tree.branchA.orgId, name: '新桥社区第一党支部' });
    expect(mine.canPublish).toBe(false);
    expect(mine.items.map((e) => [e.title, e.can.edit])).toEqual([
      ['暑期爱心托管班报名', false],
      ['灵活就业人员社保补贴', false],
    ]);
    expect((await h.ok(MEMBER, 'handbook.list', { topic: 'employment' })).items.map((e) => e.entryId)).toEqual([jobs.entryId]);
    expect((await h.ok(MEMBER, 'handbook.list', { query: '托管' })).items.map((e) => e.entryId)).toEqual([care.entryId]);
    expect((await h.ok(MEMBER, 'handbook.list', { query: '人力资源' })).items.map((e) => e.entryId)).toEqual([jobs.entryId]);
    // Somewhere else (the hometown) has a handbook of its own.
    expect((await h.ok(MEMBER, 'handbook.list', { orgId: tree.village.orgId })).items).toEqual([]);

    // Withdrawn by an admin: kept, marked old, listed after those in force.
    const withdrawn = await h.ok(tree.people.cityAdmin, 'handbook.withdraw', {
      entryId: jobs.entryId,
      version: jobs.version,
      note: '已被2027年新政策替代',
    });
    expect(withdrawn.old).toEqual({ reason: 'withdrawn', note: '已被2027年新政策替代' });
    // Past its end date: marked expired; three years on: marked as dated.
    h.clock.set('2026-09-02T02:00:00.000Z');
    expect((await h.ok(MEMBER, 'handbook.get', { entryId: care.entryId })).old?.reason).toBe('expired');
    const later = await h.ok(MEMBER, 'handbook.list', {});
    expect(later.items.map((e) => [e.entryId, e.old?.reason ?? null])).toEqual([
      [care.entryId, 'expired'],
      [jobs.entryId, 'withdrawn'],
    ]);
    const current = await h.ok(tree.people.cityAdmin, 'handbook.update', {
      entryId: care.entryId,
      version: care.version,
      ...SUMMER_CARE,
      validUntil: null,
    });
    expect(current.old).toBeNull();
    h.clock.set('2029-06-11T02:00:00.000Z');
    expect((await h.ok(MEMBER, 'handbook.get', { entryId: care.entryId })).old?.reason).toBe('dated');
  });

  it('only admins of the organization or above publish and change; bad input writes nothing', async () => {
    const input = { orgId: tree.community.orgId, requestId: nextRequestId(), ...JOBS };
    for (const openid of [MEMBER, tree.people.secretaryA, tree.people.homeAdmin]) {
      expect(await h.call(openid, 'handbook.publish', input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ source: ' ' }, 'source'],
      [{ sourceDate: '2026-02-30' }, 'sourceDate'],
      [{ sourceDate: '2027-01-01' }, 'sourceDate'],
      [{ validUntil: '2026-01-01' }, 'validUntil'],
      [{ sourceUrl: 'http://example.com' }, 'sourceUrl'],
      [{ topic: 'tax' }, 'topic'],
    ];
    for (const [change, field] of bad) {
      const result = await h.call(tree.people.cityAdmin, 'handbook.publish', { ...input, ...change } as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field } });
    }
    expect(await h.deps.store.count(COLLECTIONS.handbookEntries, {})).toBe(0);

    const entry = await h.ok(tree.people.cityAdmin, 'handbook.publish', input);
    expect(
      await h.call(tree.people.secretaryA, 'handbook.withdraw', { entryId: entry.entryId, version: entry.version, note: '旧了' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Two admins changing it at once: one wins, the other is told to reload.
    const [a, b] = await Promise.all([
      h.call(tree.people.cityAdmin, 'handbook.update', { entryId: entry.entryId, version: entry.version, ...JOBS, title: '甲' }),
      h.call(SYSTEM_ADMIN, 'handbook.update', { entryId: entry.entryId, version: entry.version, ...JOBS, title: '乙' }),
    ]);
    expect([a, b].map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
  });
});
