// 导入: a tree with a bad row imports nothing (the report names the row, column and why), then a
// good one goes through the job; a movement list with bad rows is refused whole, then a good one
// links the registered and leaves the rest 待找.
const fs = require('fs');
const os = require('os');
const path = require('path');
const ExcelJS = require('exceljs');

const OFFICIAL = 'dev_suzhou_admin';
const TOP = '中共苏州市姑苏区委员会';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-imports-'));

/** The check character of an 18-digit ID number (GB 11643). */
function idCard(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function xlsx(name, rows) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function choose(t, testId, file) {
  const input = await t.page.$(`[data-testid="${testId}-file"]`);
  t.check(input, `the file input of ${testId}`);
  await input.uploadFile(file);
}

async function orgCount(t) {
  const top = (await t.phone(OFFICIAL, 'org.list', { query: TOP, limit: 5 })).items.find((org) => org.name === TOP);
  return (await t.phone(OFFICIAL, 'org.list', { parentId: top.orgId, limit: 50 })).items.length;
}

const TREE_HEADER = ['组织名称', '上级组织', '组织类别', '支部类型', '所在省', '所在市', '所在县(区)', '行业', '联系方式'];
const LIST_HEADER = [
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
const person = (name, first17, phone) => [
  name,
  idCard(first17),
  Number(first17[16]) % 2 ? '男' : '女',
  '中共定远县定城镇东门村支部委员会',
  '江苏省',
  '苏州市',
  '姑苏区',
  '2026-06-01',
  '务工经商',
  phone,
];

module.exports = [
  {
    name: 'imports: a tree with a bad row imports nothing, and the report says which row and why',
    async run(t) {
      await t.clickText('导入', '.desk-menu a');
      await t.waitForText('导入组织架构');
      const before = await orgCount(t);
      const bad = await xlsx('tree-bad.xlsx', [
        TREE_HEADER,
        ['平江街道网约车党支部', TOP, '行业党支部', '', '江苏省', '苏州市', '姑苏区', 'G', '李主任 13912340000'],
        ['不知上级的支部', '没有这个组织', '社区党支部', '', '江苏省', '苏州市', '姑苏区', '', ''],
      ]);
      await choose(t, 'import-tree', bad);
      await t.clickText('开始导入', '[data-testid="import-tree"] button');
      await t.waitForText('没有导入任何内容', '[data-testid="import-problems"]');
      await t.waitForText('在本组织及下级组织和前面的行里都找不到“没有这个组织”', '[data-testid="import-problems"]');
      t.check((await orgCount(t)) === before, 'no organization was made');
      await t.shot('imports-tree-bad-row');
    },
  },
  {
    name: 'imports: the corrected tree goes through the job and says what it made',
    async run(t) {
      await t.clickText('再导入一个文件', '[data-testid="import-tree"] button');
      const before = await orgCount(t);
      const good = await xlsx('tree-good.xlsx', [
        TREE_HEADER,
        ['平江街道网约车党支部', TOP, '行业党支部', '', '江苏省', '苏州市', '姑苏区', 'G', '李主任 13912340000'],
        ['姑苏区新就业群体党委', TOP, '党委', '', '江苏省', '苏州市', '姑苏区', '', ''],
        ['外卖骑手第一党支部', '姑苏区新就业群体党委', '行业党支部', '', '江苏省', '苏州市', '姑苏区', 'G', ''],
      ]);
      await choose(t, 'import-tree', good);
      await t.clickText('开始导入', '[data-testid="import-tree"] button');
      await t.waitForText('导入完成：共 3 行', '[data-testid="import-tree-result"]', 60_000);
      await t.waitForText('新建的组织：3', '[data-testid="import-tree-result"]');
      t.check((await orgCount(t)) === before + 2, 'two organizations below the committee, one below them');
      await t.shot('imports-tree-done');
    },
  },
  {
    name: 'imports: a movement list with bad rows is refused whole',
    async run(t) {
      await t.clickText('导入流动党员名单', '.t-tabs__nav-item');
      await t.waitForText('名单月份', '[data-testid="import-movement"]');
      const bad = await xlsx('list-bad.xlsx', [
        LIST_HEADER,
        person('钱国强', '34112519880306051', '13955020001'),
        [
          '',
          '340000000000000000',
          '男',
          '中共定远县定城镇东门村支部委员会',
          '江苏省',
          '苏州市',
          '姑苏区',
          '2026年13月',
          '务工经商',
          '12345',
        ],
      ]);
      await choose(t, 'import-movement', bad);
      await t.clickText('开始导入', '[data-testid="import-movement"] button');
      await t.waitForText('没有导入任何内容', '[data-testid="import-problems"]');
      await t.waitForText('姓名不能为空', '[data-testid="import-problems"]');
      await t.waitForText('外出日期应为日期', '[data-testid="import-problems"]');
      await t.shot('imports-movement-bad-rows');
    },
  },
  {
    name: 'imports: a good movement list links the registered and leaves the rest 待找',
    async run(t) {
      await t.clickText('再导入一个文件', '[data-testid="import-movement"] button');
      const good = await xlsx('list-good.xlsx', [
        LIST_HEADER,
        // 王海军, registered in the demo.
        person('王海军', '32128219860412013', '13905231234'),
        person('钱国强', '34112519880306051', '13955020001'),
        person('冯晓丽', '34112519920815062', '13955020002'),
      ]);
      // This month's list: the demo imported last month's.
      const month = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
      await t.typeInto('[data-testid="import-movement-month"] input', month);
      await choose(t, 'import-movement', good);
      await t.clickText('开始导入', '[data-testid="import-movement"] button');
      await t.waitForText('导入完成：共 3 行', '[data-testid="import-movement-result"]', 60_000);
      await t.waitForText('已登记的党员，已关联：1', '[data-testid="import-movement-result"]');
      await t.waitForText('新的待找记录：2', '[data-testid="import-movement-result"]');
      await t.shot('imports-movement-done');
    },
  },
];
