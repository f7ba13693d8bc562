import { COLLECTIONS } from '../store/indexes';
import {
  BACKENDS,
  type Harness,
  SYSTEM_ADMIN,
  type Tree,
  createHarness,
  placeMember,
  registerMember,
  profile,
  seedTree,
} from '../../test/support/harness';
import { OUTFLOW_CONTACT, agreementInForce, agreementInput, jointMeetingInput } from '../../test/support/agreements';

const count = (h: Harness, collection: string) => h.deps.store.count(collection, {});
const stored = async (h: Harness) => ({
  agreements: (await h.deps.store.find(COLLECTIONS.agreements, { where: {}, limit: 100 })).items,
  jointOrgs: (await h.deps.store.find(COLLECTIONS.jointOrgs, { where: {}, limit: 100 })).items,
  meetings: (await h.deps.store.find(COLLECTIONS.jointMeetings, { where: {}, limit: 100 })).items,
});

describe.each(BACKENDS)('共管协议 on %s', (backend) => {
  let h: Harness;
  let tree: Tree;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  it('proposed by one side, confirmed by the other: in force, and retries make nothing twice', async () => {
    const input = agreementInput(tree);
    const proposed = await h.ok(tree.people.cityAdmin, 'agreement.propose', input);
    expect(proposed).toMatchObject({
      status: 'proposed',
      revision: 1,
      inflow: { orgId: tree.city.orgId },
      outflow: { orgId: tree.home.orgId },
      proposedBy: 'inflow',
      mySide: 'inflow',
      contacts: { inflow: input.contact, outflow: null },
      confirmations: { inflow: { byName: '周建华' }, outflow: null },
      jointOrgs: [{ orgId: tree.hometownBranch.orgId, coAdministeredBy: 'outflow' }],
      can: { confirm: false, revise: true, scheduleMeeting: false },
    });
    expect(proposed.scope).toBe(
      '中共靖江市委员会及下级党组织的外出流动党员中，居住在苏州市姑苏区或在中共苏州市姑苏区委员会下级支部纳入管理的',
    );
    expect(await h.ok(tree.people.cityAdmin, 'agreement.propose', input)).toEqual(proposed);
    expect(await count(h, COLLECTIONS.agreements)).toBe(1);

    // The proposing side has confirmed already: confirming again is refused.
    const again = await h.call(tree.people.cityAdmin, 'agreement.confirm', {
      agreementId: proposed.agreementId,
      version: proposed.version,
      contact: input.contact,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'AGREEMENT_NOT_PENDING' } });

    const waiting = await h.ok(tree.people.homeAdmin, 'agreement.list', { orgId: tree.home.orgId });
    expect(waiting.items).toEqual([
      expect.objectContaining({
        agreementId: proposed.agreementId,
        mySide: 'outflow',
        can: { confirm: true, revise: true, scheduleMeeting: false },
      }),
    ]);
    const confirm = { agreementId: proposed.agreementId, version: proposed.version, contact: OUTFLOW_CONTACT };
    const confirmed = await h.ok(tree.people.homeAdmin, 'agreement.confirm', confirm);
    expect(confirmed).toMatchObject({
      status: 'in_force',
      contacts: { inflow: input.contact, outflow: OUTFLOW_CONTACT },
      confirmations: { inflow: { byName: '周建华' }, outflow: { byName: '陈立新' } },
      can: { confirm: false, revise: true, scheduleMeeting: true },
    });
    expect(await h.ok(tree.people.homeAdmin, 'agreement.confirm', confirm)).toEqual(confirmed);
    expect(await count(h, COLLECTIONS.jointOrgs)).toBe(1);
  });

  it('the joint branch is administered by the other side only while the agreement is in force', async () => {
    const branch = { branchId: tree.hometownBranch.orgId };
    const before = await h.call(tree.people.homeAdmin, 'branch.members', branch);
    expect(before).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const proposed = await h.ok(tree.people.cityAdmin, 'agreement.propose', agreementInput(tree));
    expect(await h.call(tree.people.homeAdmin, 'branch.members', branch)).toEqual(before);
    const confirmed = await h.ok(tree.people.homeAdmin, 'agreement.confirm', {
      agreementId: proposed.agreementId,
      version: proposed.version,
      contact: OUTFLOW_CONTACT,
    });
    expect(await h.call(tree.people.homeAdmin, 'branch.members', branch)).toMatchObject({ ok: true });
    // The joint branch only: the rest of the inflow side stays the inflow side's.
    expect(await h.call(tree.people.homeAdmin, 'branch.members', { branchId: tree.branchA.orgId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // An admin appointed on the outflow side after the confirmation holds it too.
    await h.ok(SYSTEM_ADMIN, 'role.grant', {
      openid: 'test_home_admin_new',
      role: 'org_admin',
      orgId: tree.home.orgId,
      holderName: '新部长',
    });
    expect(await h.call('test_home_admin_new', 'branch.members', branch)).toMatchObject({ ok: true });
    // For a member of the joint branch the outflow side's admin stays the outflow side (not above both).
    const memberId = await placeMember(h, tree, 'm_joint_side', tree.hometownBranch.orgId);
    expect(await h.ok(tree.people.homeAdmin, 'talk.list', { memberId })).toMatchObject({ side: 'outflow' });
    // Another outflow place's admin gains nothing.
    expect(await h.call(tree.people.otherHomeAdmin, 'branch.members', branch)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // A change suspends it until the other side confirms the new terms.
    const revised = await h.ok(tree.people.cityAdmin, 'agreement.revise', {
      agreementId: confirmed.agreementId,
      version: confirmed.version,
      title: confirmed.title,
      termStart: confirmed.termStart,
      termEnd: '2027-12-31',
      meetingCadence: 'monthly',
      contact: { name: '周建华', phone: '0512-65230001' },
      jointOrgIds: [tree.hometownBranch.orgId],
    });
    expect(revised).toMatchObject({ status: 'proposed', revision: 2, confirmations: { outflow: null }, can: { confirm: false } });
    // The same change sent again answers with what it made: no third revision.
    const again = await h.call(tree.people.cityAdmin, 'agreement.revise', {
      agreementId: confirmed.agreementId,
      version: confirmed.version,
      title: confirmed.title,
      termStart: confirmed.termStart,
      termEnd: '2027-12-31',
      meetingCadence: 'monthly',
      contact: { name: '周建华', phone: '0512-65230001' },
      jointOrgIds: [tree.hometownBranch.orgId],
    });
    expect(again).toEqual({ ok: true, data: revised });
    expect(await h.call(tree.people.homeAdmin, 'branch.members', branch)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const reconfirmed = await h.ok(tree.people.homeAdmin, 'agreement.confirm', {
      agreementId: revised.agreementId,
      version: revised.version,
      contact: OUTFLOW_CONTACT,
    });
    expect(reconfirmed).toMatchObject({ status: 'in_force', revision: 2, termEnd: '2027-12-31', meetingCadence: 'monthly' });
    expect(await h.call(tree.people.homeAdmin, 'branch.members', branch)).toMatchObject({ ok: true });

    // After its last day it has expired, and so has the joint administration.
    h.clock.set('2028-01-01T02:00:00.000Z');
    expect(await h.ok(tree.people.cityAdmin, 'agreement.get', { agreementId: revised.agreementId })).toMatchObject({
      status: 'expired',
      can: { scheduleMeeting: false },
    });
    expect(await h.call(tree.people.homeAdmin, 'branch.members', branch)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('two admins of one side confirming at once: one wins, the other gets CONFLICT', async () => {
    await h.ok(SYSTEM_ADMIN, 'role.grant', {
      openid: 'test_home_admin_2',
      role: 'org_admin',
      orgId: tree.home.orgId,
      holderName: '刘副部长',
    });
    const proposed = await h.ok(tree.people.cityAdmin, 'agreement.propose', agreementInput(tree));
    const confirm = { agreementId: proposed.agreementId, version: proposed.version, contact: OUTFLOW_CONTACT };
    const results = await Promise.all([
      h.call(tree.people.homeAdmin, 'agreement.confirm', confirm),
      h.call('test_home_admin_2', 'agreement.confirm', confirm),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) }]);
  });

  it('one side revising while the other confirms: one wins, the other gets CONFLICT', async () => {
    const proposed = await h.ok(tree.people.cityAdmin, 'agreement.propose', agreementInput(tree));
    const results = await Promise.all([
      h.call(tree.people.homeAdmin, 'agreement.confirm', {
        agreementId: proposed.agreementId,
        version: proposed.version,
        contact: OUTFLOW_CONTACT,
      }),
      h.call(tree.people.cityAdmin, 'agreement.revise', {
        agreementId: proposed.agreementId,
        version: proposed.version,
        title: '修改后的协议',
        termStart: '2026-01-01',
        termEnd: '2027-06-30',
        meetingCadence: 'quarterly',
        contact: { name: '周建华', phone: '0512-65230001' },
        jointOrgIds: [],
      }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) }]);
  });

  it('bad input names its field and writes nothing', async () => {
    const cases = [
      [agreementInput(tree, { termStart: '2027-01-01', termEnd: '2026-12-31' }), 'termEnd', 'BAD_REQUEST'],
      [agreementInput(tree, { termStart: '2026-02-30' }), 'termStart', 'BAD_REQUEST'],
      [agreementInput(tree, { partnerOrgId: tree.branchA.orgId }), 'partnerOrgId', 'BAD_REQUEST'],
      [agreementInput(tree, { jointOrgIds: [tree.otherHome.orgId] }), 'jointOrgIds.0', 'BAD_REQUEST'],
      [agreementInput(tree, { jointOrgIds: ['no_such_org'] }), 'jointOrgIds.0', 'NOT_FOUND'],
      [agreementInput(tree, { contact: { name: '周建华', phone: '打电话' } }), 'contact.phone', 'BAD_REQUEST'],
      [agreementInput(tree, { ownOrgId: tree.home.orgId, partnerOrgId: tree.otherHome.orgId }), 'ownOrgId', 'NOT_FOUND'],
    ] as const;
    for (const [input, field, code] of cases) {
      const result = await h.call(tree.people.cityAdmin, 'agreement.propose', input);
      expect({ field, result }).toEqual({ field, result: { ok: false, error: expect.objectContaining({ code, field }) } });
    }
    expect(await stored(h)).toEqual({ agreements: [], jointOrgs: [], meetings: [] });
  });

  it('joint meetings: scheduled in force, attendance and minutes recorded, read by the other side; the figures count them', async () => {
    const proposed = await h.ok(tree.people.cityAdmin, 'agreement.propose', agreementInput(tree));
    const early = await h.call(tree.people.cityAdmin, 'jointMeeting.schedule', jointMeetingInput(proposed.agreementId));
    expect(early).toMatchObject({ ok: false, error: { code: 'AGREEMENT_NOT_IN_FORCE' } });
    await h.ok(tree.people.homeAdmin, 'agreement.confirm', {
      agreementId: proposed.agreementId,
      version: proposed.version,
      contact: OUTFLOW_CONTACT,
    });

    // Members from 靖江: one placed in the joint branch, one living in 姑苏区 not yet checked in, one elsewhere.
    await placeMember(h, tree, 'm_joint_placed', tree.hometownBranch.orgId, { name: '赵志强' });
    await registerMember(h, 'm_joint_living', profile(tree.village.orgId, { name: '刘芳' }));
    await registerMember(
      h,
      'm_joint_elsewhere',
      profile(tree.village.orgId, {
        name: '孙丽',
        residence: { region: { province: '江苏省', city: '无锡市', district: '梁溪区' }, address: '中山路 1 号' },
      }),
    );

    const input = jointMeetingInput(proposed.agreementId);
    const scheduled = await h.ok(tree.people.homeAdmin, 'jointMeeting.schedule', input);
    expect(await h.ok(tree.people.homeAdmin, 'jointMeeting.schedule', input)).toEqual(scheduled);
    expect(await count(h, COLLECTIONS.jointMeetings)).toBe(1);
    const outside = await h.call(
      tree.people.homeAdmin,
      'jointMeeting.schedule',
      jointMeetingInput(proposed.agreementId, { date: '2029-01-10' }),
    );
    expect(outside).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'date' } });

    const record = {
      meetingId: scheduled.meetingId,
      version: scheduled.version,
      attendance: [
        { side: 'inflow' as const, name: '周建华', post: '组织部副部长', status: 'present' as const },
        { side: 'outflow' as const, name: '陈立新', post: '组织部副部长', status: 'present' as const },
        { side: 'outflow' as const, name: '吴村书', post: '新港村党支部书记', status: 'leave' as const, reason: '村里开会' },
      ],
      minutes: '一、通报第四季度报到情况；二、商定春节返乡前谈心谈话安排。',
    };
    const tooEarly = await h.call(tree.people.cityAdmin, 'jointMeeting.record', record);
    expect(tooEarly).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'meetingId' } });
    const noReason = await h.call(tree.people.cityAdmin, 'jointMeeting.record', {
      ...record,
      attendance: [{ side: 'outflow', name: '吴村书', post: '', status: 'leave' }],
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'attendance.0.reason' } });

    h.clock.set('2026-12-10T08:00:00.000Z');
    const held = await h.ok(tree.people.cityAdmin, 'jointMeeting.record', record);
    expect(held).toMatchObject({
      status: 'held',
      minutes: { byName: '周建华', side: 'inflow' },
      reads: { inflow: { byName: '周建华' }, outflow: null },
    });
    expect(await h.ok(tree.people.cityAdmin, 'jointMeeting.record', record)).toEqual(held);
    const stale = await h.call(tree.people.homeAdmin, 'jointMeeting.record', { ...record, minutes: '另一份纪要' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The other side opens the minutes: read for that side, once.
    const read = await h.ok(tree.people.homeAdmin, 'jointMeeting.get', { meetingId: held.meetingId });
    expect(read.reads).toEqual({
      inflow: expect.objectContaining({ byName: '周建华' }),
      outflow: expect.objectContaining({ byName: '陈立新' }),
    });
    expect(await h.ok(tree.people.homeAdmin, 'jointMeeting.get', { meetingId: held.meetingId })).toEqual(read);
    // A system admin above both reads without marking anything.
    expect(await h.ok(SYSTEM_ADMIN, 'jointMeeting.get', { meetingId: held.meetingId })).toEqual({
      ...read,
      can: { record: false },
    });

    const list = await h.ok(tree.people.homeAdmin, 'jointMeeting.list', { agreementId: proposed.agreementId });
    expect(list.items.map((m) => m.meetingId)).toEqual([held.meetingId]);

    const agreement = await h.ok(tree.people.homeAdmin, 'agreement.get', { agreementId: proposed.agreementId });
    expect(agreement.figures).toMatchObject({ covered: 2, checkedIn: 1, reportsSent: 0, reportsRead: 0, meetingsHeld: 1 });
  });

  it('admins of neither side, secretaries and members see the agreement and its meetings exactly as if they did not exist', async () => {
    const agreement = await agreementInForce(h, tree);
    const meeting = await h.ok(tree.people.cityAdmin, 'jointMeeting.schedule', jointMeetingInput(agreement.agreementId));
    await placeMember(h, tree, 'm_joint_member', tree.hometownBranch.orgId);
    const missingAgreement = await h.call(tree.people.cityAdmin, 'agreement.get', { agreementId: 'ag_missing' });
    const missingMeeting = await h.call(tree.people.cityAdmin, 'jointMeeting.get', { meetingId: 'jm_missing' });
    for (const openid of [
      tree.people.otherHomeAdmin,
      tree.people.secretaryA,
      tree.people.hometownSecretary,
      tree.people.villageSecretary,
      'm_joint_member',
      'a_resident',
    ]) {
      expect(await h.call(openid, 'agreement.get', { agreementId: 'ag_missing' })).toEqual(missingAgreement);
      expect(await h.call(openid, 'agreement.get', { agreementId: agreement.agreementId })).toEqual(missingAgreement);
      expect(await h.call(openid, 'jointMeeting.list', { agreementId: agreement.agreementId })).toEqual(missingAgreement);
      expect(await h.call(openid, 'jointMeeting.get', { meetingId: meeting.meetingId })).toEqual(missingMeeting);
    }
    const others = await h.ok(tree.people.otherHomeAdmin, 'agreement.list', { orgId: tree.otherHome.orgId });
    expect(others.items).toEqual([]);
  });
});
