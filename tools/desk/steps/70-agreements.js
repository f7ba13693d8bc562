// 共管协议: 姑苏区委's desk sees none of 太仓 and 定远's agreement (not a party), proposes one with
// 定远县委 (a wrong term refused by its field first), 定远's admin confirms it on the phone, and the
// desk schedules the first joint meeting.
const OFFICIAL = 'dev_suzhou_admin';
const PARTNER_ADMIN = 'dev_dingyuan_admin';
const DINGYUAN = '中共定远县委员会';
const TITLE = '姑苏区—定远县流动党员双向共管协议';
const MEETING = '第一次联席会议：定远籍党员报到情况';

const form = '[data-testid="agreement-terms-form"]';

/** The Shanghai calendar day `days` from now, YYYY-MM-DD. */
const shanghaiDay = (days) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
/** The term: from yesterday, three years. */
const TERM_START = shanghaiDay(-1);
const TERM_END = shanghaiDay(3 * 365);
const field = (placeholder) => `${form} input[placeholder="${placeholder}"]`;

async function dingyuanId(t) {
  const found = await t.phone(PARTNER_ADMIN, 'org.list', { query: '定远县委' });
  const org = found.items.find((item) => item.name === DINGYUAN);
  t.check(org, `${DINGYUAN} is in the tree`);
  return org.orgId;
}

module.exports = [
  {
    name: 'agreements: an agreement between two other places does not show; one is proposed, a wrong term refused first',
    async run(t) {
      await t.open('agreements');
      await t.waitForText('共管协议', 'h1');
      await t.waitForText('还没有共管协议');
      const text = await t.page.evaluate(() => document.body.innerText);
      t.check(!text.includes('太仓市—定远县'), "太仓 and 定远's agreement is not 姑苏区委's to see");
      await t.clickText('提出协议');
      await t.page.waitForSelector(form, { visible: true });
      await t.typeInto(`${form} .t-select input`, '定远县委');
      await t.clickText(DINGYUAN, '.t-select-option');
      await t.typeInto(field('如：太仓市—定远县流动党员双向共管协议'), TITLE);
      await t.typeInto(field('如：2026-06-01'), TERM_START);
      await t.typeInto(field('如：2029-05-31'), shanghaiDay(-400));
      await t.typeInto(field('姓名'), '周建华');
      await t.typeInto(field('如：0512-53520016'), '0512-65230001');
      await t.clickText('提出协议', '.t-dialog button');
      await t.waitForText('到期日期不能早于开始日期', form);
      await t.shot('agreement-propose-refused');
      await t.typeInto(field('如：2029-05-31'), TERM_END);
      await t.clickText('提出协议', '.t-dialog button');
      await t.waitForText(TITLE, '[data-testid="agreement-detail"] h1');
      await t.waitForText('待确认', '[data-testid="agreement-detail"]');
      await t.waitForText('还没有确认第 1 版条款', '[data-side="outflow"]');
      await t.shot('agreement-proposed');
    },
  },
  {
    name: 'agreements: the other side confirms on the phone; the desk shows it in force and schedules a joint meeting',
    async run(t) {
      const list = await t.phone(PARTNER_ADMIN, 'agreement.list', { orgId: await dingyuanId(t) });
      const proposed = list.items.find((item) => item.title === TITLE);
      t.check(proposed && proposed.can.confirm, '定远 sees it waiting for its confirmation');
      await t.phone(PARTNER_ADMIN, 'agreement.confirm', {
        agreementId: proposed.agreementId,
        version: proposed.version,
        contact: { name: '孙长林', phone: '0550-4021234' },
      });
      await t.open(`agreements/${proposed.agreementId}`);
      await t.waitForText('生效中', '[data-testid="agreement-detail"]');
      await t.waitForText('孙长林', '[data-side="outflow"]');
      await t.clickText('安排联席会议');
      await t.page.waitForSelector('[data-testid="schedule-meeting-form"]', { visible: true });
      await t.typeInto('[data-testid="schedule-meeting-form"] input[placeholder="如：第四季度联席会议"]', MEETING);
      await t.typeInto('[data-testid="schedule-meeting-form"] input[placeholder^="如：太仓市委组织部"]', '姑苏区委组织部会议室');
      await t.typeInto('[data-testid="schedule-meeting-form"] input[placeholder="如：2026-12-10"]', shanghaiDay(30));
      await t.clickText('安排', '.t-dialog button');
      await t.waitForText(MEETING, '.desk-table');
      const meetings = await t.phone(PARTNER_ADMIN, 'jointMeeting.list', { agreementId: proposed.agreementId });
      t.check(meetings.items.length === 1 && meetings.items[0].topic === MEETING, 'the other side sees the one meeting');
      await t.shot('agreement-in-force');
    },
  },
  {
    name: "agreements: a meeting that has begun gets its attendance and minutes at the desk; the other side's reading shows",
    async run(t) {
      const list = await t.phone(OFFICIAL, 'agreement.list', { orgId: (await t.phone(OFFICIAL, 'session.me')).roles[0].orgId });
      const agreement = list.items.find((item) => item.title === TITLE);
      // Yesterday (the term's first day) at 00:30: under way already whenever the test runs.
      const meeting = await t.phone(OFFICIAL, 'jointMeeting.schedule', {
        agreementId: agreement.agreementId,
        requestId: 'desk-step-meeting-today',
        topic: '临时联席会议：春节返乡安排',
        place: '视频会议',
        date: TERM_START,
        startTime: '00:30',
        durationMinutes: 60,
      });
      await t.open(`agreements/${agreement.agreementId}`);
      await t.clickText('临时联席会议：春节返乡安排', '.desk-table td');
      const record = '[data-testid="joint-meeting-record"]';
      await t.page.waitForSelector(record, { visible: true });
      await t.typeInto(`${record} input[placeholder="姓名"]`, '周建华');
      await t.typeInto(`${record} input[placeholder="职务（可不填）"]`, '组织部副部长');
      await t.page.type(`${record} textarea`, '商定春节返乡前由两地共同开展谈心谈话。');
      await t.clickText('登记出席和纪要', `${record} button`);
      await t.waitForText('流出地：未阅', '[data-testid="joint-meeting"]');
      await t.shot('joint-meeting-recorded');
      const read = await t.phone(PARTNER_ADMIN, 'jointMeeting.get', { meetingId: meeting.meetingId });
      t.check(read.reads.outflow && read.minutes.text.includes('谈心谈话'), '定远 reads the minutes on opening them');
      await t.clickText('关闭', '.t-dialog button');
      await t.waitForText('流入地已阅，流出地已阅', '.desk-table');
    },
  },
];
