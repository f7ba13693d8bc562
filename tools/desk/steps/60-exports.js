// 导出: a 工作名单 of the district made by the jobs, followed to the end, downloaded in parts by
// the desk and read back: the national system's columns, the rows the server counted, the ID
// numbers masked, and the same bytes the api hands out.
const ExcelJS = require('exceljs');

const OFFICIAL = 'dev_suzhou_admin';
const MEMBER_HEADERS = ['序号', '姓名', '性别', '公民身份证号', '党员类别', '入党日期', '联系电话'];

async function readBack(bytes) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  return workbook.worksheets.map((sheet) => {
    const rows = [];
    sheet.eachRow((row) => rows.push(row.values.slice(1).map((value) => (value === undefined ? null : value))));
    return { name: sheet.name, rows };
  });
}

module.exports = [
  {
    name: 'exports: a 工作名单 is made by the jobs and followed to the end',
    async run(t) {
      await t.clickText('导出', '.desk-menu a');
      await t.waitForText('导出哪个组织');
      await t.shot('exports');
      await t.clickText('开始导出');
      await t.waitForText('生成导出文件：已完成', '[data-testid="export-follow"]', 60_000);
      await t.page.waitForSelector('[data-testid="export-result"]', { visible: true });
      await t.shot('exports-done');
    },
  },
  {
    name: 'exports: the downloaded file reads back with the national system’s fields, masked, as the api has it',
    async run(t) {
      const jobId = t.page.url().split('/').pop();
      const view = await t.phone(OFFICIAL, 'export.get', { jobId });
      t.check(view.status === 'done' && view.file && view.file.rows > 0, `the export is done with rows (${view.file?.rows})`);
      const file = await t.download(() => t.clickText('下载 Excel 文件'));
      t.check(file.name === view.file.fileName, `saved under its name (${file.name})`);
      const parts = [];
      for (let part = 0; part < view.file.parts; part += 1) {
        const answer = await t.phone(OFFICIAL, 'file.download', { jobId, part });
        parts.push(Buffer.from(answer.dataBase64, 'base64'));
      }
      t.check(Buffer.concat(parts).equals(file.bytes), 'the desk saved exactly the bytes the api hands out');
      const [members, cards] = await readBack(file.bytes);
      t.check(members.name === '流动党员信息' && cards.name === '活动证（流入地填写）', 'two sheets: the record and the card');
      t.check(
        JSON.stringify(members.rows[0].slice(0, MEMBER_HEADERS.length)) === JSON.stringify(MEMBER_HEADERS),
        `the national system's columns (${members.rows[0].slice(0, 7).join('、')})`,
      );
      t.check(members.rows.length === view.file.rows + 1 && cards.rows.length === view.file.rows + 1, 'one row per member');
      const idColumn = MEMBER_HEADERS.indexOf('公民身份证号');
      t.check(
        members.rows.slice(1).every((row) => String(row[idColumn]).includes('*')),
        'a 工作名单 holds no full ID number',
      );
    },
  },
];
