import { serviceReminders } from '../jobs/service-reminders';
import { runJobs } from '../jobs/run-jobs';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import {
  BACKENDS,
  type Harness,
  type Tree,
  createHarness,
  nextRequestId,
  placeMember,
  profile,
  registerMember,
  seedTree,
} from '../../test/support/harness';
import type { MessageRecord, OutboxRecord, ServiceRequestRecord } from './records';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;
const MEMBER = 'sr_member_wangjun';

const SUMMER_CARE = {
  kind: 'schooling' as const,
  title: '孩子暑假托管',
  detail: '女儿上二年级，暑假两个月我和爱人都要上班，想找一个离新桥路近的暑托班。',
};

async function messagesOf(h: Harness, kind: string): Promise<StoredDocument<MessageRecord>[]> {
  const page = await h.deps.store.find<MessageRecord>(COLLECTIONS.messages, { where: { kind }, limit: 100 });
  return page.items;
}

async function requestCount(h: Harness): Promise<number> {
  return h.deps.store.count(COLLECTIONS.serviceRequests, {});
}

describe.each(BACKENDS)('服务诉求 on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
    memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '王军' });
  });
  afterEach(() => h.close());

  it('asked by the member, taken, answered, handed on and closed: the member reads every step', async () => {
    const requestId = nextRequestId();
    const asked = await h.ok(MEMBER, 'service.ask', { ...SUMMER_CARE, requestId });
    expect(asked).toMatchObject({
      member: { memberId, name: '王军' },
      branch: { orgId: tree.branchA.orgId, name: '新桥社区第一党支部' },
      status: 'asked',
      askedBy: 'member',
      shareWithHome: true,
      answeredAt: null,
      steps: [{ kind: 'asked', byName: '王军', text: '', helper: null }],
      can: { take: false, answer: false, handOn: false, close: false },
    });
    // A retried tap answers with the same request; the branch was told once.
    expect(await h.ok(MEMBER, 'service.ask', { ...SUMMER_CARE, requestId })).toEqual(asked);
    expect(await requestCount(h)).toBe(1);
    expect((await messagesOf(h, 'service_asked')).map((m) => m.orgId)).toEqual([tree.branchA.orgId]);

    const listed = await h.ok(tree.people.secretaryA, 'service.list', { orgId: tree.branchA.orgId });
    expect(listed.items).toEqual([
      expect.objectContaining({ serviceId: asked.serviceId, can: expect.objectContaining({ take: true }) }),
    ]);
    // The community above sees it too.
    expect((await h.ok(tree.people.cityAdmin, 'service.list', { orgId: tree.community.orgId })).items).toHaveLength(1);

    const taken = await h.ok(tree.people.secretaryA, 'service.take', { serviceId: asked.serviceId, version: asked.version });
    expect(taken).toMatchObject({ status: 'taken', answeredAt: null, can: { take: false, answer: true } });
    const answered = await h.ok(tree.people.secretaryA, 'service.answer', {
      serviceId: asked.serviceId,
      version: taken.version,
      text: '已联系街道，暑托班七月一日开始报名。',
    });
    expect(answered.answeredAt).not.toBeNull();
    const handedOn = await h.ok(tree.people.secretaryA, 'service.handOn', {
      serviceId: asked.serviceId,
      version: answered.version,
      helper: { unit: '姑苏区教育局暑期托管班（新桥小学点）', person: '沈老师', phone: '0512-65221234' },
      text: '请带户口本和居住证去报名',
    });
    expect(handedOn).toMatchObject({
      status: 'handed_on',
      helper: { unit: '姑苏区教育局暑期托管班（新桥小学点）', person: '沈老师' },
    });
    const closed = await h.ok(tree.people.secretaryA, 'service.close', {
      serviceId: asked.serviceId,
      version: handedOn.version,
      outcome: '孩子已报上新桥小学暑托班，7月6日至8月21日。',
    });
    expect(closed).toMatchObject({
      status: 'closed',
      outcome: '孩子已报上新桥小学暑托班，7月6日至8月21日。',
      can: { take: false, answer: false, handOn: false, close: false },
    });

    const mine = await h.ok(MEMBER, 'service.mine', {});
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0].steps.map((s) => [s.kind, s.byName])).toEqual([
      ['asked', '王军'],
      ['taken', '李秀英'],
      ['answered', '李秀英'],
      ['handed_on', '李秀英'],
      ['closed', '李秀英'],
    ]);
    expect(await h.ok(MEMBER, 'service.get', { serviceId: asked.serviceId })).toEqual(mine.items[0]);
    // The member was told of each of the branch's four steps, once each.
    const told = await h.deps.store.find<OutboxRecord>(COLLECTIONS.outbox, { where: { kind: 'service_step' }, limit: 20 });
    expect(told.items.map((entry) => [entry.to, entry.fields.detail]).sort()).toEqual(
      [
        [{ kind: 'user', openid: MEMBER }, '支部已受理您的诉求'],
        [{ kind: 'user', openid: MEMBER }, '支部答复了您的诉求'],
        [{ kind: 'user', openid: MEMBER }, '诉求已转交能帮忙的单位'],
        [{ kind: 'user', openid: MEMBER }, '诉求已办结，请查看结果'],
      ].sort(),
    );
    // Closed: nothing more is done to it.
    const again = await h.call(tree.people.secretaryA, 'service.answer', {
      serviceId: asked.serviceId,
      version: closed.version,
      text: '再补充一句',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'SERVICE_CLOSED' } });
    expect((await h.ok(tree.people.secretaryA, 'service.list', { orgId: tree.branchA.orgId, openOnly: true })).items).toEqual([]);
  });

  it('the secretary asks on a member’s behalf; the outflow side and another branch may not', async () => {
    const asked = await h.ok(tree.people.secretaryA, 'service.ask', {
      memberId,
      kind: 'work',
      title: '爱人想找工作',
      detail: '爱人做过超市收银，想在附近找白班工作。',
      shareWithHome: false,
      requestId: nextRequestId(),
    });
    expect(asked).toMatchObject({ askedBy: 'branch', steps: [{ kind: 'asked', byName: '李秀英' }], shareWithHome: false });
    expect((await h.ok(MEMBER, 'service.mine', {})).items.map((i) => i.serviceId)).toEqual([asked.serviceId]);

    const fromHome = await h.call(tree.people.villageSecretary, 'service.ask', {
      memberId,
      ...SUMMER_CARE,
      requestId: nextRequestId(),
    });
    expect(fromHome).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const fromB = await h.call(tree.people.secretaryB, 'service.ask', { memberId, ...SUMMER_CARE, requestId: nextRequestId() });
    expect(fromB).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'memberId' } });
    expect(await requestCount(h)).toBe(1);
  });

  it('bad input, and a member not placed, write nothing', async () => {
    const bad = [
      { ...SUMMER_CARE, title: '  ', requestId: nextRequestId() },
      { ...SUMMER_CARE, kind: 'money', requestId: nextRequestId() },
      { ...SUMMER_CARE, detail: '长'.repeat(501), requestId: nextRequestId() },
      { ...SUMMER_CARE, requestId: 'short' },
    ];
    for (const input of bad) {
      const result = await h.call(MEMBER, 'service.ask', input as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const asked = await h.ok(MEMBER, 'service.ask', { ...SUMMER_CARE, requestId: nextRequestId() });
    const badPhone = await h.call(tree.people.secretaryA, 'service.handOn', {
      serviceId: asked.serviceId,
      version: asked.version,
      helper: { unit: '街道人社所', person: '', phone: '电话123' },
    });
    expect(badPhone).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'helper.phone' } });
    expect(await h.ok(MEMBER, 'service.get', { serviceId: asked.serviceId })).toEqual({ ...asked, can: asked.can });
    expect(await requestCount(h)).toBe(1);

    const notRegistered = await h.call('sr_not_registered', 'service.ask', { ...SUMMER_CARE, requestId: nextRequestId() });
    expect(notRegistered).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } });
    await registerMember(h, 'sr_not_placed', profile(tree.village.orgId, { name: '刘芳' }));
    const notPlaced = await h.call('sr_not_placed', 'service.ask', { ...SUMMER_CARE, requestId: nextRequestId() });
    expect(notPlaced).toMatchObject({ ok: false, error: { code: 'NOT_PLACED' } });
    expect(await requestCount(h)).toBe(1);
  });

  it('two people taking it at once: one wins, the other gets CONFLICT; a retried step is not recorded twice', async () => {
    const asked = await h.ok(MEMBER, 'service.ask', { ...SUMMER_CARE, requestId: nextRequestId() });
    const [a, b] = await Promise.all([
      h.call(tree.people.secretaryA, 'service.take', { serviceId: asked.serviceId, version: asked.version }),
      h.call(tree.people.cityAdmin, 'service.take', { serviceId: asked.serviceId, version: asked.version }),
    ]);
    const outcomes = [a, b].map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(outcomes).toEqual(['CONFLICT', 'ok']);
    const winner = (a.ok ? a : b) as { ok: true; data: { version: number } };
    const winnerOpenid = a.ok ? tree.people.secretaryA : tree.people.cityAdmin;
    // The winner's retry answers as the first did.
    const retried = await h.ok(winnerOpenid, 'service.take', { serviceId: asked.serviceId, version: asked.version });
    expect(retried.version).toBe(winner.data.version);
    const answerInput = { serviceId: asked.serviceId, version: retried.version, text: '在联系' };
    const first = await h.ok(winnerOpenid, 'service.answer', answerInput);
    expect(await h.ok(winnerOpenid, 'service.answer', answerInput)).toEqual(first);
    const stored = await h.deps.store.get<ServiceRequestRecord>(COLLECTIONS.serviceRequests, asked.serviceId);
    expect(stored?.steps.map((s) => s.kind)).toEqual(['asked', 'taken', 'answered']);
    expect(await h.deps.store.count(COLLECTIONS.outbox, { kind: 'service_step' })).toBe(2);
  });

  it('the report home carries the requests the member shared, without their detail', async () => {
    const shared = await h.ok(MEMBER, 'service.ask', { ...SUMMER_CARE, requestId: nextRequestId() });
    await h.ok(MEMBER, 'service.ask', {
      kind: 'medical',
      title: '看病挂号',
      detail: '想问问附近医院',
      shareWithHome: false,
      requestId: nextRequestId(),
    });
    await h.ok(tree.people.secretaryA, 'service.close', {
      serviceId: shared.serviceId,
      version: shared.version,
      outcome: '报上了暑托班',
    });
    // 2027-01-04: the fourth quarter's drafts open.
    h.clock.set('2027-01-04T02:00:00.000Z');
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    const toWrite = await h.ok(tree.people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId });
    const report = await h.ok(tree.people.secretaryA, 'report.get', { reportId: toWrite.items[0].reportId });
    expect(report.draft?.figures.serviceRequests).toEqual([
      {
        askedOn: '2026-11-25',
        kind: 'schooling',
        title: '孩子暑假托管',
        status: 'closed',
        helperUnit: null,
        outcome: '报上了暑托班',
        closedOn: '2026-11-25',
      },
    ]);
  });

  it('a request left unanswered reminds the branch, then the organization above, each once', async () => {
    const asked = await h.ok(MEMBER, 'service.ask', { ...SUMMER_CARE, requestId: nextRequestId() });
    const answeredLater = await h.ok(MEMBER, 'service.ask', {
      kind: 'housing',
      title: '租房合同',
      detail: '房东不退押金',
      requestId: nextRequestId(),
    });
    await h.ok(tree.people.secretaryA, 'service.take', { serviceId: asked.serviceId, version: asked.version });
    const run = () => runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [serviceReminders] });
    const told = async () => ({
      branch: (await messagesOf(h, 'service_unanswered')).map((m) => `${m.orgId}|${m._id}`).sort(),
      above: (await messagesOf(h, 'service_escalated')).map((m) => `${m.orgId}|${m._id}`).sort(),
    });

    h.clock.advance(2 * DAY);
    await run();
    expect(await told()).toEqual({ branch: [], above: [] });

    // Three days: the branch hears of both (taking one is not answering it).
    h.clock.advance(DAY);
    await run();
    const afterThree = await told();
    expect(afterThree.branch).toEqual(
      [asked.serviceId, answeredLater.serviceId].map((id) => `${tree.branchA.orgId}|msg_${id}_unanswered`).sort(),
    );
    expect(afterThree.above).toEqual([]);
    // Answered now: no more reminders for it.
    await h.ok(tree.people.secretaryA, 'service.answer', {
      serviceId: answeredLater.serviceId,
      version: answeredLater.version,
      text: '已联系社区法律顾问',
    });
    // A rerun the same day, and the next days, tell nobody again.
    await run();
    h.clock.advance(4 * DAY);
    await run();
    h.clock.advance(DAY);
    await run();
    expect(await told()).toEqual({
      branch: afterThree.branch,
      above: [`${tree.community.orgId}|msg_${asked.serviceId}_escalated`],
    });
  });

  it('the waiting days are a setting of the organization', async () => {
    const current = await h.ok(tree.people.cityAdmin, 'settings.get', { orgId: tree.community.orgId });
    expect(current.effective).toMatchObject({ serviceAnswerDays: 3, serviceEscalateDays: 7 });
    const refused = await h.call(tree.people.cityAdmin, 'settings.update', {
      orgId: tree.community.orgId,
      changes: { serviceAnswerDays: 5, serviceEscalateDays: 5 },
      version: null,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'changes.serviceEscalateDays' } });
    await h.ok(tree.people.cityAdmin, 'settings.update', {
      orgId: tree.community.orgId,
      changes: { serviceAnswerDays: 1 },
      version: null,
    });
    const asked = await h.ok(MEMBER, 'service.ask', { ...SUMMER_CARE, requestId: nextRequestId() });
    h.clock.advance(DAY);
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [serviceReminders] });
    expect((await messagesOf(h, 'service_unanswered')).map((m) => m._id)).toEqual([`msg_${asked.serviceId}_unanswered`]);
  });
});
