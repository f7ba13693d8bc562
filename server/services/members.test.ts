import { demoIdCard } from '../dev/demo-data';
import { COLLECTIONS } from '../store/indexes';
import { type Harness, BACKENDS, createHarness, profile, registerMember, seedTree } from '../../test/support/harness';

describe.each(BACKENDS)('on %s', (backend) => {
  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  const memberCount = () => h.deps.store.count(COLLECTIONS.members, {});

  describe('registration', () => {
    it('is refused until the member agrees to the current notice', async () => {
      const result = await h.call('m_new_1', 'member.register', profile(tree.village.orgId));
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONSENT_REQUIRED' }) });
      expect(await memberCount()).toBe(0);
    });

    it('records the agreement with its time and the notice version, once', async () => {
      const notice = await h.ok('m_new_1', 'consent.notice', {});
      const first = await h.ok('m_new_1', 'consent.accept', { version: notice.version });
      h.clock.advance(60_000);
      const again = await h.ok('m_new_1', 'consent.accept', { version: notice.version });
      expect(again).toEqual(first);
      expect(first.agreedAt).toBe('2026-11-25T02:00:00.000Z');
      const me = await h.ok('m_new_1', 'session.me', {});
      expect(me.consent).toEqual({ currentVersion: notice.version, agreedVersion: notice.version });
    });

    it('refuses agreement to an outdated notice version', async () => {
      const result = await h.call('m_new_1', 'consent.accept', { version: '2020-01-v0' });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT', field: 'version' }) });
    });

    it('registers a member, masked in the answer and encrypted at rest', async () => {
      const input = profile(tree.village.orgId);
      const member = await registerMember(h, 'm_new_1', input);
      expect(member).toMatchObject({
        name: '王海军',
        status: 'registered',
        phoneMasked: '139****1234',
        outflow: { orgId: tree.village.orgId, name: '新港村党支部' },
        inflowBranch: null,
      });
      expect(member.idCardMasked).toBe(`321${'*'.repeat(11)}${input.idCard.slice(-4)}`);
      expect(member.residence.addressMasked).not.toContain('201');
      const stored = await h.deps.store.get<Record<string, unknown>>(COLLECTIONS.members, member.memberId);
      const raw = JSON.stringify(stored);
      expect(raw).not.toContain(input.idCard);
      expect(raw).not.toContain('13905231234');
      expect(raw).not.toContain('201 室');
    });

    it.each([
      ['idCard', { idCard: '32128219860412001' }, '18 位'],
      ['idCard', { idCard: `${demoIdCard('321282', '1986-04-12', 11).slice(0, 17)}0` }, '校验位'],
      ['idCard', { idCard: '321282198602300110' }, '出生日期'],
      ['phone', { phone: '1234567' }, '手机号'],
      ['name', { name: '王' }, '姓名'],
      ['joinedPartyOn', { joinedPartyOn: '2026-13-01' }, 'YYYY-MM-DD'],
      ['joinedPartyOn', { joinedPartyOn: '2010-02-30' }, '有效的日期'],
      [
        'residence.region.city',
        { residence: { region: { province: '江苏省', city: '', district: '姑苏区' }, address: '某路' } },
        '不能为空',
      ],
      ['industry', { industry: 'space' as never }, ''],
    ])('refuses a bad %s with that field and writes nothing', async (field, override, message) => {
      const notice = await h.ok('m_new_1', 'consent.notice', {});
      await h.ok('m_new_1', 'consent.accept', { version: notice.version });
      const result = await h.call('m_new_1', 'member.register', { ...profile(tree.village.orgId), ...override });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('BAD_REQUEST');
      expect(result.error.field).toBe(field);
      expect(result.error.message).toContain(message);
      expect(await memberCount()).toBe(0);
      expect(await h.deps.store.count(COLLECTIONS.uniqueKeys, {})).toBe(0);
    });

    it('refuses a gender that contradicts the ID number', async () => {
      const notice = await h.ok('m_new_1', 'consent.notice', {});
      await h.ok('m_new_1', 'consent.accept', { version: notice.version });
      const result = await h.call('m_new_1', 'member.register', { ...profile(tree.village.orgId), gender: 'female' });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'gender' }) });
    });

    it('refuses joining the party in the future or before eighteen', async () => {
      await h.ok('m_new_1', 'consent.accept', { version: (await h.ok('m_new_1', 'consent.notice', {})).version });
      const future = await h.call('m_new_1', 'member.register', { ...profile(tree.village.orgId), joinedPartyOn: '2026-11-26' });
      expect(future).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'joinedPartyOn' }) });
      const tooYoung = await h.call('m_new_1', 'member.register', {
        ...profile(tree.village.orgId),
        joinedPartyOn: '2003-07-01',
      });
      expect(tooYoung).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'joinedPartyOn' }) });
    });

    it('a double-submitted registration makes one record and answers both the same', async () => {
      const input = profile(tree.village.orgId);
      await h.ok('m_new_1', 'consent.accept', { version: (await h.ok('m_new_1', 'consent.notice', {})).version });
      const [first, second] = await Promise.all([
        h.call('m_new_1', 'member.register', input),
        h.call('m_new_1', 'member.register', input),
      ]);
      expect(first).toEqual(second);
      expect(first.ok).toBe(true);
      expect(await memberCount()).toBe(1);
      const retried = await h.ok('m_new_1', 'member.register', input);
      expect(first.ok && retried.memberId === first.data.memberId).toBe(true);
    });

    it('refuses a second registration from the same account with another ID number', async () => {
      await registerMember(h, 'm_new_1', profile(tree.village.orgId));
      const result = await h.call('m_new_1', 'member.register', profile(tree.village.orgId));
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'ALREADY_REGISTERED' }) });
      expect(await memberCount()).toBe(1);
    });

    it('a second registration that differs from the first is not silently dropped: it says where to change the profile', async () => {
      const first = profile(tree.village.orgId);
      const registered = await registerMember(h, 'm_new_1', first);
      const changes = [
        { phone: '13905239999' },
        { workplace: '顺丰速运姑苏站' },
        { residence: { region: first.residence.region, address: '平江街道新桥路 30 号' } },
        { skills: ['电动车维修', '急救'] },
      ];
      for (const change of changes) {
        const result = await h.call('m_new_1', 'member.register', { ...first, ...change });
        expect(result).toEqual({
          ok: false,
          error: expect.objectContaining({
            code: 'ALREADY_REGISTERED',
            message: expect.stringContaining('查看、修改我的信息'),
          }),
        });
      }
      const me = await h.ok('m_new_1', 'session.me', {});
      expect(me.member).toEqual(registered);
      // The very same form sent again is a retry and answers with the record it made.
      expect(await h.ok('m_new_1', 'member.register', first)).toEqual(registered);
    });

    it('refuses the same ID number under another account without saying whose it is', async () => {
      const input = profile(tree.village.orgId, { name: '赵志强' });
      await registerMember(h, 'm_first', input);
      await h.ok('m_second', 'consent.accept', { version: (await h.ok('m_second', 'consent.notice', {})).version });
      const result = await h.call('m_second', 'member.register', {
        ...input,
        name: '冒名者',
        idCard: input.idCard.toLowerCase(),
      });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'ID_CARD_TAKEN', field: 'idCard' }) });
      expect(JSON.stringify(result)).not.toContain('赵志强');
      expect(await memberCount()).toBe(1);
    });

    it('accepts an outflow organization that is not on the system yet', async () => {
      const member = await registerMember(h, 'm_new_1', {
        ...profile(tree.village.orgId),
        outflow: {
          kind: 'unlisted',
          name: '某县某镇某村党支部',
          region: { province: '河南省', city: '周口市', district: '沈丘县' },
        },
      });
      expect(member.outflow).toEqual({
        orgId: null,
        name: '某县某镇某村党支部',
        region: { province: '河南省', city: '周口市', district: '沈丘县' },
      });
    });

    it('refuses an outflow organization id that does not exist', async () => {
      await h.ok('m_new_1', 'consent.accept', { version: (await h.ok('m_new_1', 'consent.notice', {})).version });
      const result = await h.call('m_new_1', 'member.register', profile('o_missing'));
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', field: 'outflow.orgId' }) });
    });
  });

  describe('profile editing', () => {
    it('changes only the given fields and bumps the version', async () => {
      const member = await registerMember(h, 'm_new_1', profile(tree.village.orgId));
      const updated = await h.ok('m_new_1', 'member.updateProfile', {
        version: member.version,
        phone: '13800001111',
        workplace: '顺丰速运',
      });
      expect(updated).toMatchObject({
        phoneMasked: '138****1111',
        workplace: '顺丰速运',
        occupation: member.occupation,
        version: member.version + 1,
      });
      const reveal = await h.ok('m_new_1', 'member.revealSensitive', { memberId: member.memberId, field: 'phone' });
      expect(reveal.value).toBe('13800001111');
    });

    it('refuses an edit made from a stale copy', async () => {
      const member = await registerMember(h, 'm_new_1', profile(tree.village.orgId));
      await h.ok('m_new_1', 'member.updateProfile', { version: member.version, workplace: '顺丰速运' });
      const stale = await h.call('m_new_1', 'member.updateProfile', { version: member.version, workplace: '京东物流' });
      expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
      const me = await h.ok('m_new_1', 'session.me', {});
      expect(me.member?.workplace).toBe('顺丰速运');
    });

    it('asks an unregistered caller to register first', async () => {
      const result = await h.call('m_nobody', 'member.updateProfile', { version: 1, workplace: 'x' });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_REGISTERED' }) });
    });
  });

  describe('sensitive data', () => {
    it('writes an audit record for every full view', async () => {
      const input = profile(tree.village.orgId);
      const member = await registerMember(h, 'm_new_1', input);
      await h.ok('m_new_1', 'member.revealSensitive', { memberId: member.memberId, field: 'idCard' });
      const shown = await h.ok('m_new_1', 'member.revealSensitive', { memberId: member.memberId, field: 'address' });
      expect(shown.value).toBe(input.residence.address);
      const audit = await h.deps.store.find<{ actorOpenid: string; field: string }>(COLLECTIONS.auditLog, {
        where: { memberId: member.memberId },
        limit: 10,
      });
      expect(audit.items.map((entry) => [entry.actorOpenid, entry.field]).sort()).toEqual([
        ['m_new_1', 'address'],
        ['m_new_1', 'idCard'],
      ]);
    });

    it('shows the outflow organization masked data only', async () => {
      const member = await registerMember(h, 'm_new_1', profile(tree.village.orgId));
      const seen = await h.ok(tree.people.homeAdmin, 'member.get', { memberId: member.memberId });
      expect(seen.phoneMasked).toBe('139****1234');
      const reveal = await h.call(tree.people.homeAdmin, 'member.revealSensitive', { memberId: member.memberId, field: 'phone' });
      expect(reveal).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
      expect(await h.deps.store.count(COLLECTIONS.auditLog, {})).toBe(0);
    });

    it('answers NOT_FOUND to an unrelated caller, the same as for a missing member', async () => {
      const member = await registerMember(h, 'm_new_1', profile(tree.village.orgId));
      const unrelated = await h.call(tree.people.otherHomeAdmin, 'member.get', { memberId: member.memberId });
      const missing = await h.call(tree.people.otherHomeAdmin, 'member.get', { memberId: 'm_does_not_exist' });
      expect(unrelated).toEqual(missing);
      expect(unrelated).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    });
  });
});
