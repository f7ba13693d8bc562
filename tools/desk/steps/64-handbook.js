// 政策手册: 姑苏区委's handbook as its members read it (in force first, old ones marked), an entry
// refused for a date that does not exist and then published, read on 王军's phone, and marked old.
const MEMBER = 'dev_member_wangjun';
const TITLE = '新市民职业技能培训补贴';

async function memberHandbook(t, query) {
  return (await t.phone(MEMBER, 'handbook.list', { query, limit: 50 })).items;
}

module.exports = [
  {
    name: 'handbook: the district’s entries, old ones marked',
    async run(t) {
      await t.clickText('政策手册', '.desk-menu a');
      await t.waitForText('灵活就业人员社会保险补贴', '.desk-table');
      await t.waitForText('旧政策', '.desk-table');
      await t.waitForText('已过期', '.desk-table');
      await t.shot('handbook');
    },
  },
  {
    name: 'handbook: a publish with a day that does not exist writes nothing; corrected, it reaches the member’s phone',
    async run(t) {
      const before = (await memberHandbook(t, '')).length;
      await t.clickText('发布条目');
      await t.page.waitForSelector('[data-testid="handbook-entry-form"]', { visible: true });
      await t.typeInto('[data-testid="handbook-title"] input', TITLE);
      await t.typeInto(
        '[data-testid="handbook-entry-form"] textarea',
        '在姑苏区就业的新市民参加职业技能培训并取得证书的，可申请培训补贴。',
      );
      await t.typeInto('[data-testid="handbook-source"] input', '苏州市人力资源和社会保障局');
      await t.typeInto('[data-testid="handbook-source-date"] input', '2026-02-30');
      await t.clickText('发布', '.t-dialog button');
      await t.waitForText('发布日期不是有效的日期', '[data-testid="handbook-entry-form"]');
      await t.shot('handbook-refused');
      t.check((await memberHandbook(t, '')).length === before, 'nothing was published');
      await t.typeInto('[data-testid="handbook-source-date"] input', '2026-03-01');
      await t.clickText('发布', '.t-dialog button');
      await t.waitForText(TITLE, '.desk-table');
      const found = await memberHandbook(t, '技能培训');
      t.check(found.length === 1 && found[0].title === TITLE && found[0].old === null, 'the member finds it, in force');
    },
  },
  {
    name: 'handbook: an entry is marked old from its row, and the phone shows why',
    async run(t) {
      await t.clickText(TITLE, 'td');
      await t.page.waitForSelector('[data-testid="handbook-entry-form"]', { visible: true });
      await t.clickText('标为旧政策', '.t-dialog button');
      await t.typeInto('[data-testid="handbook-withdraw-note"] input', '已并入2027年新政策');
      await t.shot('handbook-withdraw');
      await t.clickText('确定标为旧政策', '.t-dialog button');
      await t.page.waitForFunction(() => !document.querySelector('[data-testid="handbook-entry-form"]'), { timeout: 10_000 });
      const [entry] = await memberHandbook(t, '技能培训');
      t.check(
        entry && entry.old && entry.old.reason === 'withdrawn' && entry.old.note === '已并入2027年新政策',
        'marked old, with why',
      );
    },
  },
];
