import type { ActionInput, ActionName, ActionOutput } from '../server/contract';
import { createHash } from 'node:crypto';
import { demoIdCard } from '../server/dev/demo-data';
import { REQUESTED_JOBS } from '../server/jobs/run-all';
import { runRequestedJobs } from '../server/jobs/requested-jobs';
import { runJobs } from '../server/jobs/run-jobs';
import { xlsxOf } from '../test/support/sheets';
import dayjs from 'dayjs';
import { TIMEZONE, shanghaiDate } from '../server/lib/time';
import { ensureSystemAdmins } from '../server/services/roles';
import { type FakeRequest, requestsInSeries } from '../test/fake-cloudbase/fake-cloudbase-server';
import {
  type Harness,
  SYSTEM_ADMIN,
  createHarness,
  placeMember,
  profile,
  registerMember,
  seedTree,
} from '../test/support/harness';
import { anonymousCall, deskCall, signInDesk } from '../test/support/desk';
import { OUTFLOW_CONTACT, agreementInput, jointMeetingInput } from '../test/support/agreements';

/** Who calls: a WeChat user by OPENID, a desk by its session (resolved as the entries do), or a computer not signed in. */
type Who = string | { desk: string } | null;

/**
 * What a user waits for on CloudBase: every action of the contract, run through the router
 * against the CloudBase adapter and the real node-sdk talking to the fake CloudBase server,
 * with each request held for a fixed delay at the server. Counted at the server for each
 * action: its requests in all, how many of them came one after another (the longest chain;
 * requests that overlap at the server are one step), and its time at that delay.
 *
 * The world is the test tree (test/support/harness.ts) with a town between the county and a
 * village, so that a report's outflow path has three organizations, as 靖江市委 → 镇 → 村 has.
 */

export interface RequestCountRow {
  /** The action, with what is special about the call in brackets when it matters. */
  label: string;
  /** `null` for the cold start, which is no action. */
  action: ActionName | null;
  requests: number;
  inSeries: number;
  ms: number;
}

/** The delay the table's times are measured at, per request, in ms. */
export const REQUEST_DELAY_MS = 10;

/**
 * The delay the requests in series are counted at. Requests sent together overlap at the server
 * only while the first is held; with the SDK's own work per request (signing, EJSON) a busy
 * machine can take longer than 10 ms to send eight, so the count uses a wider window than the
 * times do, and stays the same from run to run.
 */
export const COUNTING_DELAY_MS = 40;

const ASSESSMENT = {
  thinking: '思想稳定，拥护党的路线方针政策',
  conduct: '按时参加组织生活，积极参加志愿服务',
  needs: '孩子暑期托管',
  comment: '表现良好',
  grade: 'good' as const,
};

/** 2026-07-10 10:00 in Shanghai: the members are placed on this day. */
const PLACED_AT = '2026-07-10T02:00:00.000Z';
/** 2026-07-20 18:45 in Shanghai: the meeting's sign-in is open. */
const DURING_SIGN_IN = '2026-07-20T10:45:00.000Z';
/** 2026-10-01 10:00 in Shanghai: the third quarter has just ended. */
const AFTER_Q3 = '2026-10-01T02:00:00.000Z';

/** One request as the trace prints it: action, collection, query or id, in a transaction or not. */
function describeRequest(request: FakeRequest): string {
  const body = request.body;
  const what = [body.collectionName, body.queryType, typeof body.query === 'string' ? body.query.slice(0, 90) : '']
    .filter((part) => typeof part === 'string' && part.length > 0)
    .join(' ');
  const inTransaction = typeof body.transactionId === 'string' && body.transactionId.length > 0 ? ' [tx]' : '';
  return `${request.action.replace('database.', '')}${inTransaction} ${what}`;
}

export interface MeasureOptions {
  delayMs?: number;
  /** Prints the requests of every call whose label starts with this. */
  trace?: string;
}

export async function measureRequestCounts(options: MeasureOptions = {}): Promise<RequestCountRow[]> {
  const delayMs = options.delayMs ?? REQUEST_DELAY_MS;
  const h = await createHarness('cloudbase');
  const fake = h.fake;
  if (!fake) throw new Error('the CloudBase harness has no fake server');
  const rows: RequestCountRow[] = [];
  try {
    /** Runs one action with the delay on and records what it cost at the server. */
    async function measure<K extends ActionName>(
      who: Who,
      action: K,
      input: ActionInput<K>,
      note?: string,
    ): Promise<ActionOutput<K>> {
      const mark = fake!.requests.length;
      fake!.setDelay(delayMs);
      const started = performance.now();
      let result: Awaited<ReturnType<Harness['call']>>;
      try {
        result =
          typeof who === 'string'
            ? await h.call(who, action, input)
            : who === null
              ? await anonymousCall(h, action, input)
              : await deskCall(h, who.desk, action, input);
      } finally {
        fake!.setDelay(0);
      }
      const ms = performance.now() - started;
      if (!result.ok) throw new Error(`${action} as ${JSON.stringify(who)} failed: ${JSON.stringify(result.error)}`);
      const requests: FakeRequest[] = fake!.requests.slice(mark);
      const label = note ? `${action} (${note})` : action;
      if (options.trace && label.startsWith(options.trace)) {
        console.log(`\n${label}:\n${requests.map((r, i) => `  ${i + 1}. ${describeRequest(r)}`).join('\n')}`);
      }
      rows.push({
        label,
        action,
        requests: requests.length,
        inSeries: requestsInSeries(requests),
        ms,
      });
      return result.data as ActionOutput<K>;
    }

    const tree = await seedTree(h);
    const { people } = tree;

    // A cold start makes sure the configured system admins exist.
    {
      const mark = fake.requests.length;
      fake.setDelay(delayMs);
      const started = performance.now();
      await ensureSystemAdmins(h.deps.store, h.deps.pii, h.clock, [SYSTEM_ADMIN, 'bench_admin_2', 'bench_admin_3']);
      const ms = performance.now() - started;
      fake.setDelay(0);
      const requests = fake.requests.slice(mark);
      rows.push({
        label: 'cold start (ensureSystemAdmins, 3 admins)',
        action: null,
        requests: requests.length,
        inSeries: requestsInSeries(requests),
        ms,
      });
    }

    // ---- the tree and its people -----------------------------------------------------------
    const town = await measure(SYSTEM_ADMIN, 'org.create', {
      parentId: tree.home.orgId,
      name: '中共靖江市新港镇委员会',
      kind: 'committee',
      region: { province: '江苏省', city: '泰州市', district: '靖江市' },
    });
    const village = await h.ok(SYSTEM_ADMIN, 'org.create', {
      parentId: town.orgId,
      name: '新港镇东村党支部',
      kind: 'branch',
      branchKind: 'community',
      region: { province: '江苏省', city: '泰州市', district: '靖江市' },
    });
    const villageSecretary = 'bench_village_secretary';
    await measure(people.homeAdmin, 'role.grant', {
      openid: villageSecretary,
      role: 'secretary',
      orgId: village.orgId,
      holderName: '东村书记',
    });
    await h.ok(people.homeAdmin, 'role.grant', {
      openid: 'bench_stand_in',
      role: 'secretary',
      orgId: village.orgId,
      holderName: '代理书记',
    });
    await measure(people.homeAdmin, 'role.revoke', { openid: 'bench_stand_in', role: 'secretary', orgId: village.orgId });
    await measure(people.cityAdmin, 'org.list', { parentId: tree.community.orgId });
    await measure(people.cityAdmin, 'org.get', { orgId: tree.branchA.orgId });
    // ---- the desk keeps the tree and its posts ---------------------------------------------
    await measure(people.cityAdmin, 'org.children', { orgId: tree.city.orgId });
    await measure(people.cityAdmin, 'org.search', { orgId: tree.city.orgId, query: '支部' });
    const seen = await h.ok(people.cityAdmin, 'org.get', { orgId: tree.branchA.orgId });
    await measure(people.cityAdmin, 'org.update', {
      orgId: seen.orgId,
      version: seen.version,
      changes: { contact: '李书记 0512-65231234' },
    });
    const empty = await h.ok(SYSTEM_ADMIN, 'org.create', {
      parentId: town.orgId,
      name: '新港镇西村党支部',
      kind: 'branch',
      branchKind: 'community',
      region: { province: '江苏省', city: '泰州市', district: '靖江市' },
    });
    await measure(
      people.homeAdmin,
      'org.dissolve',
      { orgId: empty.orgId, version: 1, successorId: null, reason: '村党支部撤并', requestId: 'bench-dissolve-0001' },
      'empty: no successor, no job',
    );
    await measure(people.cityAdmin, 'post.list', { orgId: tree.city.orgId });
    const personal = await measure('bench_appointee', 'post.myCode', {});
    await measure(
      people.homeAdmin,
      'role.grant',
      { code: personal.code, role: 'secretary', orgId: village.orgId, holderName: '任职码书记' },
      'by a personal code',
    );
    const listed = await h.ok(people.homeAdmin, 'post.list', { orgId: village.orgId });
    const appointed = listed.items.find((post) => post.holderName === '任职码书记');
    if (!appointed) throw new Error('the appointment by code is not listed');
    await measure(
      people.homeAdmin,
      'role.revoke',
      { postId: appointed.postId, version: appointed.version },
      'by the post as listed',
    );

    // ---- a member registers and checks in -------------------------------------------------
    h.clock.set(PLACED_AT);
    const member = 'bench_member';
    const notice = await measure(member, 'consent.notice', {});
    await measure(member, 'consent.accept', { version: notice.version });
    const registered = await measure(
      member,
      'member.register',
      profile(village.orgId, { name: '王海军', workPattern: 'regular' }),
    );
    const memberId = registered.memberId;
    await measure(member, 'session.me', {});
    await measure(member, 'checkin.suggest', {});
    const code = await measure(people.secretaryA, 'org.checkinCode', { orgId: tree.branchA.orgId });
    await measure(member, 'checkin.resolveCode', { scene: code.scene });
    const request = await measure(member, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
    await measure(member, 'checkin.mine', {});
    await measure(people.secretaryA, 'checkin.pending', { orgId: tree.branchA.orgId });
    await measure(people.secretaryA, 'checkin.choices', { checkinId: request.checkinId });
    await measure(people.secretaryA, 'checkin.decide', {
      checkinId: request.checkinId,
      version: request.version,
      decision: 'approve',
    });

    const wavering = 'bench_member_wavering';
    await registerMember(h, wavering, profile(village.orgId, { name: '李强' }));
    const submitted = await h.ok(wavering, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
    // Forwarded to the branch beside, still pending, then withdrawn by the member.
    const withdrawn = await measure(people.secretaryA, 'checkin.forward', {
      checkinId: submitted.checkinId,
      version: submitted.version,
      toOrgId: tree.branchB.orgId,
      reason: '住处离第二支部更近',
    });
    await measure(wavering, 'checkin.withdraw', { checkinId: withdrawn.checkinId });
    const partner = 'bench_member_partner';
    const partnerId = await placeMember(h, tree, partner, tree.branchA.orgId, { name: '赵磊', workPattern: 'regular' });

    const placed = await measure(people.secretaryA, 'member.get', { memberId });
    await measure(member, 'member.updateProfile', { version: placed.version, phone: '13905239876' });
    await measure(people.secretaryA, 'member.revealSensitive', { memberId, field: 'phone' });
    await measure(people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId });
    await measure(villageSecretary, 'outflow.members', { orgId: village.orgId });
    await measure(people.homeAdmin, 'outflow.notices', { orgId: tree.home.orgId });

    // ---- organizational life --------------------------------------------------------------
    const meeting = await measure(people.secretaryA, 'activity.create', {
      branchId: tree.branchA.orgId,
      requestId: 'bench-meeting-0001',
      kind: 'general_meeting',
      topic: '学习党章',
      place: '新桥社区党群服务中心二楼',
      date: '2026-07-20',
      startTime: '19:00',
      durationMinutes: 90,
    });
    const dropped = await h.ok(people.secretaryA, 'activity.create', {
      branchId: tree.branchA.orgId,
      requestId: 'bench-meeting-0002',
      kind: 'party_lecture',
      topic: '党课',
      place: '新桥社区党群服务中心二楼',
      date: '2026-07-25',
      startTime: '19:00',
      durationMinutes: 60,
    });
    await measure(people.secretaryA, 'activity.cancel', {
      activityId: dropped.activityId,
      version: dropped.version,
      reason: '场地改作他用',
    });
    await measure(people.secretaryA, 'activity.list', { branchId: tree.branchA.orgId, when: 'upcoming' });
    await measure(people.secretaryA, 'activity.kinds', { branchId: tree.branchA.orgId });
    const signInCode = await measure(people.secretaryA, 'activity.code', { activityId: meeting.activityId });
    h.clock.set(DURING_SIGN_IN);
    await measure(member, 'activity.resolveCode', { scene: signInCode.scene });
    await measure(member, 'activity.signIn', { activityId: meeting.activityId });
    await measure(people.secretaryA, 'activity.mark', {
      activityId: meeting.activityId,
      memberId: partnerId,
      status: 'leave',
      reason: '出车',
      expectedVersion: null,
    });
    await measure(people.secretaryA, 'activity.attendance', { activityId: meeting.activityId });
    await measure(member, 'life.mine', {});

    // ---- study and the appraisal ----------------------------------------------------------
    const plan = await measure(people.secretaryA, 'study.savePlan', {
      branchId: tree.branchA.orgId,
      year: 2026,
      targetHours: 32,
      items: [
        { title: '学习党章', hours: 4, dueMonth: 3 },
        { title: '党的二十大报告', hours: 6, dueMonth: 9 },
        { title: '流动党员先进事迹', hours: 8, dueMonth: 12 },
      ],
      version: null,
    });
    await measure(people.secretaryA, 'study.plan', { branchId: tree.branchA.orgId, year: 2026 });
    await measure(people.secretaryA, 'study.pair', { memberId, partnerId });
    await measure(people.secretaryA, 'study.unpair', { memberId });
    await measure(people.secretaryA, 'study.classify', { memberId: partnerId, studyMode: 'self_selected' });
    await measure(partner, 'study.schedule', { year: 2026, itemId: plan.items[1].itemId, plannedMonth: 8 });
    await measure(member, 'study.record', { year: 2026, itemId: plan.items[0].itemId, studiedOn: '2026-07-20' });
    await measure(member, 'study.mine', { year: 2026 });
    await measure(people.secretaryA, 'study.branch', { branchId: tree.branchA.orgId, year: 2026 });
    await measure(people.secretaryA, 'appraisal.record', {
      memberId,
      year: 2026,
      result: 'excellent',
      note: '积极参加志愿服务',
      version: null,
    });

    // ---- the report that goes home --------------------------------------------------------
    h.clock.set(AFTER_Q3);
    await runJobs(h.deps, { deadline: Date.now() + 60_000 });
    const drafts = await measure(people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId });
    const draftSummary = drafts.items.find((item) => item.member.memberId === memberId);
    if (!draftSummary) throw new Error('the sweep drafted no report for the member');
    const reportId = draftSummary.reportId;
    const draft = await measure(people.secretaryA, 'report.get', { reportId }, 'branch, draft');
    const saved = await measure(people.secretaryA, 'report.saveDraft', {
      reportId,
      version: draft.version,
      assessment: ASSESSMENT,
    });
    await measure(people.secretaryA, 'report.submit', {
      reportId,
      version: saved.version,
      assessment: ASSESSMENT,
    });
    await measure(villageSecretary, 'report.get', { reportId }, 'outflow, first open');
    await measure(villageSecretary, 'report.get', { reportId }, 'outflow, again');
    await measure(people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId });
    const opened = await h.ok(people.homeAdmin, 'report.get', { reportId });
    await measure(people.homeAdmin, 'report.acknowledge', { reportId, version: opened.version });
    await measure(villageSecretary, 'report.reply', { reportId, requestId: 'bench-reply-0001', body: '家中老人身体尚好' });
    await measure(people.secretaryA, 'report.thread', { reportId });
    await measure(people.homeAdmin, 'report.history', { memberId });
    const current = await h.ok(people.secretaryA, 'report.get', { reportId });
    await measure(people.secretaryA, 'report.correct', {
      reportId,
      version: current.version,
      reason: '出勤记录有误',
    });
    await measure(villageSecretary, 'message.list', { orgId: village.orgId });

    // ---- the contact person, the talks and the activity card --------------------------------
    await measure(people.secretaryA, 'contact.candidates', { memberId });
    await measure(people.secretaryA, 'contact.set', {
      memberId,
      choice: { kind: 'member', memberId: partnerId },
      version: null,
    });
    await measure(people.secretaryA, 'talk.record', {
      memberId,
      requestId: 'bench-talk-0001',
      cause: 'placement',
      heldOn: '2026-09-30',
      topic: '了解工作和生活',
      note: '夜班多',
    });
    await measure(villageSecretary, 'talk.list', { memberId });
    await measure(people.secretaryA, 'talk.due', { branchId: tree.branchA.orgId });
    const card = await measure(member, 'card.mine', {});
    await measure(people.secretaryA, 'card.scan', { scene: card.scene });
    await measure(villageSecretary, 'card.get', { memberId });
    await measure(villageSecretary, 'card.review', { memberId, year: 2026, result: 'passed', version: null });

    // ---- 亮身份: the skill card and a resident's request ------------------------------------
    const resident = 'bench_resident';
    const skillCard = await measure(member, 'skillCard.save', {
      displayName: '王师傅',
      skills: ['电动车维修'],
      area: '新桥社区',
      times: '周末',
      shop: null,
      consent: true,
      version: null,
    });
    await measure(member, 'skillCard.mine', {});
    await measure(people.secretaryA, 'skillCard.pending', { orgId: tree.branchA.orgId });
    await measure(people.secretaryA, 'skillCard.review', {
      cardId: skillCard.cardId,
      version: skillCard.version,
      decision: 'approve',
    });
    await measure(people.secretaryA, 'skillCard.code', { orgId: tree.branchA.orgId });
    const withShop = await h.ok(member, 'skillCard.save', {
      displayName: '王师傅',
      skills: ['电动车维修'],
      area: '新桥社区',
      times: '周末',
      shop: { name: '海军车行', address: '' },
      consent: true,
      version: skillCard.version + 1,
    });
    await h.ok(people.secretaryA, 'skillCard.review', {
      cardId: withShop.cardId,
      version: withShop.version,
      decision: 'approve',
    });
    const shopCode = await measure(member, 'skillCard.shopCode', {});
    await measure(resident, 'skillCard.community', { place: { scene: shopCode.scene } }, "a shop's code");
    await measure(resident, 'skillCard.community', { place: { orgId: tree.community.orgId } });
    await measure(resident, 'skillCard.nearby', { point: { latitude: 31.3205, longitude: 120.6285 } });
    const help = await measure(resident, 'help.ask', {
      cardId: skillCard.cardId,
      requestId: 'bench-help-0001',
      residentName: '张阿姨',
      residentPhone: '13800001111',
      need: '电动车不能充电',
    });
    await measure(resident, 'help.mine', {});
    await measure(member, 'help.incoming', {});
    const answered = await measure(member, 'help.answer', {
      helpId: help.helpId,
      version: help.version,
      decision: 'accept',
      sharePhone: true,
    });
    await measure(resident, 'help.confirm', { helpId: help.helpId, version: answered.version, hours: 1 });
    const another = await h.ok(resident, 'help.ask', {
      cardId: skillCard.cardId,
      requestId: 'bench-help-0002',
      residentName: '张阿姨',
      residentPhone: '13800001111',
      need: '电动车刹车松了',
    });
    await measure(resident, 'help.cancel', { helpId: another.helpId, version: another.version });
    const mineNow = await h.ok(member, 'skillCard.mine', {});
    await measure(member, 'skillCard.withdraw', { version: mineNow.card?.version ?? 1 });

    // ---- settings -------------------------------------------------------------------------
    await measure(villageSecretary, 'settings.get', { orgId: village.orgId });
    await measure(people.homeAdmin, 'settings.update', { orgId: town.orgId, changes: { reminderEveryDays: 10 }, version: null });

    // ---- a member's record moves to their new WeChat account ------------------------------
    const oldPhone = 'bench_member_old_phone';
    const newPhone = 'bench_member_new_phone';
    const moving = profile(tree.village.orgId, { name: '孙建国' });
    await placeMember(h, tree, oldPhone, tree.branchA.orgId, { name: moving.name, idCard: moving.idCard });
    const newNotice = await h.ok(newPhone, 'consent.notice', {});
    await h.ok(newPhone, 'consent.accept', { version: newNotice.version });
    const asked = await measure(newPhone, 'account.requestMove', { idCard: moving.idCard, name: moving.name });
    await measure(newPhone, 'account.myMove', {});
    const moveRequests = await measure(people.homeAdmin, 'account.moveRequests', { orgId: tree.home.orgId });
    const pendingMove = moveRequests.items.find((item) => item.moveId === asked.moveId);
    if (!pendingMove) throw new Error('the hometown admin does not see the move request');
    await measure(people.homeAdmin, 'account.decideMove', {
      moveId: asked.moveId,
      version: pendingMove.version,
      decision: 'confirm',
      reason: '本人换了手机，已电话核实',
    });
    await measure(newPhone, 'session.me', {}, 'a record that moved here');
    await measure(newPhone, 'life.mine', {}, 'a record that moved here');

    // ---- 失联 and the transfer of the organization relationship ----------------------------
    const settledId = await placeMember(h, tree, 'bench_member_settled', tree.branchA.orgId, {
      name: '钱淑芬',
      workPattern: 'regular',
    });
    const today = shanghaiDate(h.clock);
    await measure(people.homeAdmin, 'lostContact.get', { memberId: settledId });
    const settled = await h.ok(people.secretaryA, 'member.get', { memberId: settledId });
    const marked = await measure(people.secretaryA, 'lostContact.mark', {
      memberId: settledId,
      version: settled.version,
      lastContactOn: today,
      reason: 'residence_changed',
    });
    await measure(people.homeAdmin, 'lostContact.found', {
      memberId: settledId,
      version: marked.version,
      foundOn: today,
      how: '上门走访',
    });
    await measure(people.secretaryA, 'transfer.candidates', { branchId: tree.branchA.orgId });
    const proposed = await measure(people.secretaryA, 'transfer.propose', { memberId: settledId, reason: '居住工作稳定' });
    await measure(people.homeAdmin, 'transfer.list', { orgId: tree.home.orgId, side: 'outflow' });
    const agreed = await measure(people.homeAdmin, 'transfer.decide', {
      transferId: proposed.transferId,
      version: proposed.version,
      decision: 'agree',
    });
    await measure(people.secretaryA, 'transfer.complete', {
      transferId: agreed.transferId,
      version: agreed.version,
      letterNumber: 'JS2026-000123',
      letterDate: today,
    });
    await measure(people.homeAdmin, 'transfer.ofMember', { memberId: settledId });
    // ---- services for members and the policy handbook --------------------------------------
    const serviceAsked = await measure(member, 'service.ask', {
      kind: 'schooling',
      title: '孩子暑假托管',
      detail: '想找离家近的暑托班',
      requestId: 'bench-service-0001',
    });
    await measure(
      people.secretaryA,
      'service.ask',
      {
        memberId,
        kind: 'work',
        title: '爱人找工作',
        detail: '想找白班',
        requestId: 'bench-service-0002',
      },
      "on the member's behalf",
    );
    await measure(people.secretaryA, 'service.list', { orgId: tree.branchA.orgId });
    const serviceTaken = await measure(people.secretaryA, 'service.take', {
      serviceId: serviceAsked.serviceId,
      version: serviceAsked.version,
    });
    const serviceAnswered = await measure(people.secretaryA, 'service.answer', {
      serviceId: serviceAsked.serviceId,
      version: serviceTaken.version,
      text: '已联系街道',
    });
    const serviceHandedOn = await measure(people.secretaryA, 'service.handOn', {
      serviceId: serviceAsked.serviceId,
      version: serviceAnswered.version,
      helper: { unit: '姑苏区暑期托管班', person: '沈老师', phone: '0512-65221234' },
    });
    await measure(people.secretaryA, 'service.close', {
      serviceId: serviceAsked.serviceId,
      version: serviceHandedOn.version,
      outcome: '已报上暑托班',
    });
    await measure(member, 'service.get', { serviceId: serviceAsked.serviceId });
    await measure(member, 'service.mine', {});
    const entry = await measure(people.cityAdmin, 'handbook.publish', {
      orgId: tree.city.orgId,
      requestId: 'bench-handbook-0001',
      topic: 'employment',
      title: '灵活就业社保补贴',
      body: '按规定缴纳社会保险的灵活就业困难人员可申请补贴。',
      source: '苏州市人力资源和社会保障局',
      sourceDate: '2026-03-02',
    });
    const updated = await measure(people.cityAdmin, 'handbook.update', {
      entryId: entry.entryId,
      version: entry.version,
      topic: 'employment',
      title: '灵活就业社保补贴（修订）',
      body: '按规定缴纳社会保险的灵活就业困难人员可申请补贴。',
      source: '苏州市人力资源和社会保障局',
      sourceDate: '2026-03-02',
    });
    await measure(member, 'handbook.list', { query: '社保' });
    await measure(member, 'handbook.get', { entryId: entry.entryId });
    await measure(people.cityAdmin, 'handbook.withdraw', {
      entryId: entry.entryId,
      version: updated.version,
      note: '已有新政策',
    });

    // ---- placements have an end -----------------------------------------------------------
    await measure(people.secretaryA, 'placement.history', { memberId: partnerId });
    await measure(partner, 'placement.leave', {
      memberId: partnerId,
      branchId: tree.branchA.orgId,
      endedOn: today,
      reason: 'moved_city',
    });
    await measure(villageSecretary, 'placement.return', { memberId, returnedOn: today });

    // ---- 返乡: the county's think-tank, a round-table under way, a candidate for the village --
    const yu = 'bench_member_yu';
    const yuId = await placeMember(h, tree, yu, tree.branchA.orgId, { name: '郁金铭' });
    const invited = await measure(people.homeAdmin, 'thinkTank.invite', {
      orgId: tree.home.orgId,
      memberId: yuId,
      version: null,
    });
    await measure(yu, 'thinkTank.respond', { invitationId: invited.invitationId, answer: 'accept', version: invited.version });
    await measure(people.homeAdmin, 'thinkTank.list', { orgId: tree.home.orgId });
    const roundTable = await measure(people.homeAdmin, 'roundTable.create', {
      orgId: tree.home.orgId,
      requestId: 'bench-round-table-0001',
      topic: '家乡产业发展献计',
      place: '新港村村委会（线上同步）',
      date: today,
      startTime: dayjs(h.clock.now()).tz(TIMEZONE).format('HH:mm'),
      durationMinutes: 120,
    });
    await measure(people.homeAdmin, 'roundTable.list', { orgId: tree.home.orgId, when: 'upcoming' });
    const roundTableCode = await measure(people.homeAdmin, 'roundTable.code', { roundTableId: roundTable.roundTableId });
    await measure(yu, 'roundTable.signIn', { how: 'scan', scene: roundTableCode.scene }, 'in the room');
    await measure(
      yu,
      'roundTable.signIn',
      { how: 'join_code', roundTableId: roundTable.roundTableId, joinCode: roundTable.joinCode ?? '' },
      'from afar, signed in already',
    );
    await measure(people.homeAdmin, 'roundTable.mark', {
      roundTableId: roundTable.roundTableId,
      memberId: yuId,
      status: 'present',
      mode: 'remote',
      expectedVersion: 1,
    });
    const held = await measure(people.homeAdmin, 'roundTable.get', { roundTableId: roundTable.roundTableId });
    await measure(yu, 'roundTable.get', { roundTableId: roundTable.roundTableId }, 'as a think-tank member');
    await measure(people.homeAdmin, 'roundTable.saveMinutes', {
      roundTableId: roundTable.roundTableId,
      minutes: '围绕农产品销路展开讨论',
      version: held.roundTable.version,
    });
    const suggestion = await measure(people.homeAdmin, 'suggestion.add', {
      roundTableId: roundTable.roundTableId,
      memberId: yuId,
      requestId: 'bench-suggestion-0001',
      content: '建一个农产品直播间',
    });
    await measure(people.homeAdmin, 'suggestion.follow', {
      suggestionId: suggestion.suggestionId,
      status: 'adopted',
      version: suggestion.version,
    });
    await measure(yu, 'homecoming.mine', {});
    const candidate = await measure(people.homeAdmin, 'candidate.propose', {
      orgId: tree.home.orgId,
      memberId: yuId,
      post: 'first_secretary',
      postOrgId: village.orgId,
      version: null,
    });
    await measure(people.homeAdmin, 'candidate.list', { orgId: tree.home.orgId });
    await measure(
      people.homeAdmin,
      'candidate.step',
      { candidateId: candidate.candidateId, step: 'appointed', on: today, version: candidate.version },
      'first secretary: the return recorded',
    );

    await measure(people.cityAdmin, 'post.candidates', { orgId: tree.city.orgId, query: '王' });

    // ---- the desk's figures (kept by the night's jobs above) and an export ------------------
    await measure(people.cityAdmin, 'figures.get', { orgId: tree.city.orgId });
    await measure(people.cityAdmin, 'figures.members', { orgId: tree.city.orgId, figure: 'placed' });
    const exported = await measure(people.cityAdmin, 'export.start', {
      orgId: tree.city.orgId,
      purpose: 'national_system',
      requestId: 'bench-export-0001',
    });
    await runRequestedJobs(h.deps, { deadline: Date.now() + 60_000, kinds: REQUESTED_JOBS });
    await measure(people.cityAdmin, 'export.get', { jobId: exported.jobId });
    await measure(people.cityAdmin, 'file.download', { jobId: exported.jobId, part: 0 });

    // ---- places on the map and the 归队码 ----------------------------------------------------
    const station = { latitude: 31.330284, longitude: 120.610591 };
    await measure(people.cityAdmin, 'place.setLocation', {
      orgId: tree.branchA.orgId,
      point: { latitude: 31.318652, longitude: 120.629987 },
      address: '平江街道新桥路 18 号',
      hours: '周一至周五 9:00—17:30',
      contact: '0512-65230000',
      version: null,
    });
    const centre = await measure(people.cityAdmin, 'place.saveCentre', {
      orgId: tree.community.orgId,
      centreId: null,
      requestId: 'bench-centre-0001',
      centreKind: 'red_station',
      name: '苏州站红色驿站',
      address: '苏站路 1 号北广场',
      point: station,
      hours: '每天 8:00—20:00',
      contact: '',
      version: null,
    });
    await measure(people.cityAdmin, 'place.ofOrg', { orgId: tree.community.orgId });
    const poster = await measure(people.cityAdmin, 'place.posterCode', { orgId: tree.city.orgId, label: '苏州站北广场' });
    await measure('bench_resident', 'place.resolvePoster', { scene: poster.scene });
    await measure('bench_resident', 'place.nearby', { point: station }, 'by location');
    await measure('bench_resident', 'place.nearby', { region: poster.poster.region }, 'by district');
    await measure(people.cityAdmin, 'place.removeCentre', { centreId: centre.placeId, version: centre.version });

    // ---- moving an organization, last: the re-path job changes the tree ------------------
    const move = await measure(people.cityAdmin, 'org.move', {
      orgId: tree.branchB.orgId,
      newParentId: tree.chamber.orgId,
      requestId: 'bench-move-0001',
    });
    await measure(people.cityAdmin, 'job.get', { jobId: move.jobId });

    // ---- subscribe messages: the templates a tap asks for, and the answer recorded ----------
    const { templates } = await measure(people.secretaryA, 'notify.templates', {});
    const todo = templates.find((template) => template.topic === 'todo_reminder');
    await measure(people.secretaryA, 'notify.subscribe', {
      answers: todo ? { [todo.templateId]: 'accept' } : {},
      requestId: 'bench-subscribe-0001',
    });

    // ---- the desk signs in from the phone; a desk call also resolves its session ------------
    const deskCode = await measure(null, 'desk.loginStart', { device: 'Chrome 120 · Windows 10' });
    const poll = { loginId: deskCode.loginId, pollToken: deskCode.pollToken };
    await measure(null, 'desk.loginPoll', poll, 'waiting');
    await measure(people.cityAdmin, 'desk.loginDescribe', { scene: deskCode.scene });
    await measure(people.cityAdmin, 'desk.loginConfirm', { loginId: deskCode.loginId, decision: 'confirm' });
    const signedIn = await measure(null, 'desk.loginPoll', poll, 'confirmed: the ticket');
    if (signedIn.status !== 'confirmed') throw new Error('the desk was not signed in');
    const desk = { desk: signedIn.sessionId };
    await measure(desk, 'session.me', {}, 'at the desk');
    h.clock.advance(61_000);
    await measure(desk, 'session.me', {}, 'at the desk, its last call noted');
    await measure(desk, 'desk.sessions', {}, 'at the desk');
    const other = await signInDesk(h, people.cityAdmin);
    await measure(people.cityAdmin, 'desk.sessions', {});
    await measure(people.cityAdmin, 'desk.endSession', { sessionId: other.sessionId });

    // ---- the desk's imports: a one-part upload, a list of two, and the 待找 it leaves ------------
    const header = ['姓名', '公民身份号码', '流出党组织', '外出流向(省)', '外出流向(市)', '外出流向(县)', '外出日期', '外出原因'];
    const listedRow = (n: number) => [
      `待找${n}`,
      demoIdCard('340822', '1990-02-03', n),
      '定远县某村党支部',
      '江苏省',
      '苏州市',
      '姑苏区',
      '2026-05',
      '务工经商',
    ];
    const list = await xlsxOf([header, listedRow(1), listedRow(2)]);
    const part = (content: Buffer, uploadId: string): ActionInput<'file.uploadPart'> => ({
      uploadId,
      fileName: '名单.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      totalSize: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      partCount: 1,
      partNumber: 0,
      data: content.toString('base64'),
    });
    await measure(desk, 'file.uploadPart', part(list, 'bench-upload-0001'), 'the last part');
    const listImport = await measure(desk, 'import.movementList', {
      orgId: tree.city.orgId,
      uploadId: 'bench-upload-0001',
      month: '2026-09',
    });
    if (listImport.status !== 'accepted') throw new Error('the bench list was refused');
    await runRequestedJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, kinds: REQUESTED_JOBS });
    await measure(desk, 'import.get', { importId: listImport.import.importId });
    const [waiting] = (await measure(people.cityAdmin, 'toFind.list', { orgId: tree.city.orgId })).items;
    const handed = await measure(people.cityAdmin, 'toFind.assign', {
      toFindId: waiting.toFindId,
      version: waiting.version,
      orgId: tree.branchA.orgId,
    });
    await measure(people.secretaryA, 'toFind.visit', {
      toFindId: handed.toFindId,
      version: handed.version,
      outcome: 'moved_on',
      visitedOn: shanghaiDate(h.clock),
      note: '已去无锡',
    });
    const treeFile = await xlsxOf([
      ['组织名称', '上级组织', '组织类别', '所在省', '所在市', '所在县(区)'],
      ['平江街道党工委', tree.city.name, '党委', '江苏省', '苏州市', '姑苏区'],
    ]);
    await deskCall(h, desk.desk, 'file.uploadPart', part(treeFile, 'bench-upload-0002'));
    await measure(desk, 'import.orgTree', { orgId: tree.city.orgId, uploadId: 'bench-upload-0002' });

    await measure(desk, 'desk.signOut', {});

    // 共管协议: the city (inflow) and the county (outflow), the hometown branch their joint branch.
    const agreementProposed = await measure(
      people.cityAdmin,
      'agreement.propose',
      agreementInput(tree, { requestId: 'bench-agreement-1' }),
    );
    const agreement = await measure(people.homeAdmin, 'agreement.confirm', {
      agreementId: agreementProposed.agreementId,
      version: agreementProposed.version,
      contact: OUTFLOW_CONTACT,
    });
    const revised = await measure(people.cityAdmin, 'agreement.revise', {
      agreementId: agreement.agreementId,
      version: agreement.version,
      title: agreement.title,
      termStart: agreement.termStart,
      termEnd: agreement.termEnd,
      meetingCadence: 'monthly',
      contact: { name: '周建华', phone: '0512-65230001' },
      jointOrgIds: [tree.hometownBranch.orgId],
    });
    await h.ok(people.homeAdmin, 'agreement.confirm', {
      agreementId: revised.agreementId,
      version: revised.version,
      contact: OUTFLOW_CONTACT,
    });
    await measure(people.homeAdmin, 'agreement.list', { orgId: tree.home.orgId });
    await measure(people.homeAdmin, 'agreement.get', { agreementId: agreement.agreementId });
    // What an admin pays for holding a joint organization by agreement: one query after the roles.
    await measure(people.homeAdmin, 'branch.members', { branchId: tree.hometownBranch.orgId }, 'a joint branch, by agreement');
    const jointMeeting = await measure(
      people.homeAdmin,
      'jointMeeting.schedule',
      jointMeetingInput(agreement.agreementId, { requestId: 'bench-joint-meeting-1' }),
    );
    h.clock.set('2026-12-10T08:00:00.000Z');
    await measure(people.cityAdmin, 'jointMeeting.record', {
      meetingId: jointMeeting.meetingId,
      version: jointMeeting.version,
      attendance: [{ side: 'inflow', name: '周建华', post: '组织部副部长', status: 'present' }],
      minutes: '通报报到情况，商定返乡前谈心谈话安排。',
    });
    await measure(people.homeAdmin, 'jointMeeting.list', { agreementId: agreement.agreementId });
    await measure(people.homeAdmin, 'jointMeeting.get', { meetingId: jointMeeting.meetingId }, 'the other side, first read');
  } finally {
    await h.close();
  }
  return rows;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface RequestCountSummary {
  rows: RequestCountRow[];
  medianRequests: number;
  medianInSeries: number;
  maxInSeries: number;
}

export function summarizeRequestCounts(rows: RequestCountRow[]): RequestCountSummary {
  return {
    rows,
    medianRequests: median(rows.map((row) => row.requests)),
    medianInSeries: median(rows.map((row) => row.inSeries)),
    maxInSeries: Math.max(...rows.map((row) => row.inSeries)),
  };
}

/** The table as the README keeps it (Markdown), worst first by requests in series. */
export function requestCountTable(summary: RequestCountSummary, delayMs: number = REQUEST_DELAY_MS): string {
  const sorted = [...summary.rows].sort(
    (a, b) => b.inSeries - a.inSeries || b.requests - a.requests || a.label.localeCompare(b.label),
  );
  const lines = [
    `| action | requests | in series | ms at ${delayMs} ms each |`,
    '|---|---|---|---|',
    ...sorted.map((row) => `| \`${row.label}\` | ${row.requests} | ${row.inSeries} | ${Math.round(row.ms)} |`),
  ];
  return lines.join('\n');
}

/**
 * The table: times at {@link REQUEST_DELAY_MS}, requests in series counted in a second run at
 * {@link COUNTING_DELAY_MS} as well. Both runs must make the same requests.
 */
export async function measureRequestTable(trace?: string): Promise<RequestCountSummary> {
  const timed = await measureRequestCounts({ delayMs: REQUEST_DELAY_MS, trace });
  const counted = new Map((await measureRequestCounts({ delayMs: COUNTING_DELAY_MS })).map((row) => [row.label, row]));
  return summarizeRequestCounts(
    timed.map((row) => {
      const twin = counted.get(row.label);
      if (!twin || twin.requests !== row.requests) {
        throw new Error(`${row.label}: ${row.requests} requests, then ${twin?.requests ?? 'none'}; the run is not repeatable`);
      }
      // Noise (a stalled machine) can only lengthen a chain, never shorten it: the lower count stands.
      return { ...row, inSeries: Math.min(row.inSeries, twin.inSeries) };
    }),
  );
}

export async function benchRequests(): Promise<void> {
  const summary = await measureRequestTable(process.env.BENCH_TRACE);
  console.log(
    `\nCloudBase requests per action (fake CloudBase server; times at ${REQUEST_DELAY_MS} ms per request, ` +
      `requests in series counted at ${COUNTING_DELAY_MS} ms):\n`,
  );
  console.log(requestCountTable(summary));
  const maxRequests = Math.max(...summary.rows.map((row) => row.requests));
  console.log(
    `\n${summary.rows.length} calls: requests median ${summary.medianRequests}, max ${maxRequests}; ` +
      `in series median ${summary.medianInSeries}, max ${summary.maxInSeries}`,
  );
  console.log('Reproduce: npm run bench -- requests   (BENCH_TRACE=report.submit lists the requests of the calls so named)');
}
