import { createHash } from 'node:crypto';
import dayjs from 'dayjs';
import { type ActionInput, type ActionName, type ActionOutput, idCardGender } from '../contract';
import { REQUESTED_JOBS } from '../jobs/run-all';
import { runRequestedJobs } from '../jobs/requested-jobs';
import { TIMEZONE } from '../lib/time';
import { dispatch } from '../router/router';
import type { Caller, ServiceDeps } from '../services/context';
import { wechatCaller } from '../services/context';

/**
 * 组织找党员 in the demo: 姑苏区委's organization department imports last month's movement list
 * from the desk (a csv, so the same bytes on every start). Two of the listed are registered
 * members (王海军 and 赵志强: linked), four are not (待找, for 姑苏区委, the organization of their
 * destination); the admin hands three to 新桥社区第一党支部, whose secretary has visited one (gone
 * to 无锡) and has two to visit. Safe to run again: the upload, the import and the job have ids
 * from their content, and the handing-on and the visit look first at what is there.
 */

export interface MovementListPeople {
  importer: string;
  importOrgId: string;
  branchId: string;
  branchSecretary: string;
  /** Registered members the list names, by name and ID number. */
  registered: { name: string; idCard: string }[];
  /** ID numbers for the four who are not registered. */
  unregistered: { name: string; idCard: string; phone: string }[];
}

const HEADER = [
  '姓名',
  '公民身份号码',
  '性别',
  '流出党组织',
  '外出流向(省)',
  '外出流向(市)',
  '外出流向(县)',
  '外出日期',
  '外出原因',
  '联系电话',
];

function csvOf(rows: string[][]): Buffer {
  const text = rows.map((row) => row.join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function seedMovementList(deps: ServiceDeps, now: Date, people: MovementListPeople): Promise<void> {
  const at = { ...deps, clock: { now: () => new Date(now) } };
  const call = async <K extends ActionName>(caller: Caller, action: K, input: ActionInput<K>): Promise<ActionOutput<K>> => {
    const result = await dispatch(at, caller, action, input);
    if (!result.ok) throw new Error(`Demo data: ${action} failed: ${result.error.code} ${result.error.message}`);
    return result.data as ActionOutput<K>;
  };
  const desk: Caller = { kind: 'desk', openid: people.importer, sessionId: 'demo_desk_session' };
  const month = dayjs(now).tz(TIMEZONE).subtract(1, 'month').format('YYYY-MM');
  const leftOn = dayjs(now).tz(TIMEZONE).subtract(5, 'month').format('YYYY-MM-DD');
  const row = (name: string, idCard: string, phone: string) => [
    name,
    idCard,
    idCardGender(idCard) === 'male' ? '男' : '女',
    '中共定远县定城镇东门村支部委员会',
    '江苏省',
    '苏州市',
    '姑苏区',
    leftOn,
    '务工经商',
    phone,
  ];
  const content = csvOf([
    HEADER,
    ...people.registered.map((person, i) => row(person.name, person.idCard, `1390523${String(1000 + i)}`)),
    ...people.unregistered.map((person) => row(person.name, person.idCard, person.phone)),
  ]);
  const uploadId = `demo-list-${createHash('sha256').update(content).digest('hex').slice(0, 20)}`;
  await call(desk, 'file.uploadPart', {
    uploadId,
    fileName: `${month} 流动党员名单.csv`,
    contentType: 'text/csv',
    totalSize: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    partCount: 1,
    partNumber: 0,
    data: content.toString('base64'),
  });
  const outcome = await call(desk, 'import.movementList', { orgId: people.importOrgId, uploadId, month });
  if (outcome.status !== 'accepted') throw new Error(`Demo data: the movement list was refused: ${outcome.problems[0]?.message}`);
  await runRequestedJobs(at, { deadline: Number.POSITIVE_INFINITY, kinds: REQUESTED_JOBS });

  const admin = wechatCaller(people.importer);
  const handedToBranch = async () => {
    const [open, closed] = await Promise.all([
      call(admin, 'toFind.list', { orgId: people.branchId, limit: 50 }),
      call(admin, 'toFind.list', { orgId: people.branchId, status: 'closed', limit: 50 }),
    ]);
    return open.items.length + closed.items.length;
  };
  const waiting = await call(admin, 'toFind.list', { orgId: people.importOrgId, limit: 50 });
  const toHand = waiting.items
    .filter((item) => item.organization.orgId === people.importOrgId)
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 3 - (await handedToBranch()));
  for (const item of toHand) {
    await call(admin, 'toFind.assign', { toFindId: item.toFindId, version: item.version, orgId: people.branchId });
  }
  const secretary = wechatCaller(people.branchSecretary);
  const visited = await call(secretary, 'toFind.list', { orgId: people.branchId, status: 'closed', limit: 50 });
  if (visited.items.length === 0) {
    const [first] = (await call(secretary, 'toFind.list', { orgId: people.branchId, limit: 50 })).items.sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    await call(secretary, 'toFind.visit', {
      toFindId: first.toFindId,
      version: first.version,
      outcome: 'moved_on',
      visitedOn: dayjs(now).tz(TIMEZONE).subtract(2, 'day').format('YYYY-MM-DD'),
      note: '邻居说已去无锡工作，留了新电话，已转告无锡',
    });
  }
}
