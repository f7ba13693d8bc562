import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvOf, xlsxOf } from '../../test/support/sheets';
import { type SheetRow, SpreadsheetError, csvRecords, decodeCsv, normalizeHeader, openSheet } from './spreadsheets';

async function read(content: Buffer, wholeXlsxMaxBytes?: number): Promise<{ headers: string[]; rows: SheetRow[] }> {
  const sheet = await openSheet(content, wholeXlsxMaxBytes);
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows) rows.push(row);
  return { headers: sheet.headers, rows };
}

/** What Chinese Excel writes for "CSV": GB18030, CRLF, a quoted comma and a doubled quote (written with Python's gb18030 codec). */
const GB18030_CSV = Buffer.from(
  'd0d5c3fb2cb9abc3f1c9edb7ddbac5c2eb2ccde2b3f6d4add2f20d0ad5c5c8fd2c22333231323832313938363034313230303158222ccef1b9a4beadc9cc0d0a22c0ee2ccbc4222c2c22cbb52222c3f7220d0a',
  'hex',
);

describe('reading spreadsheets', () => {
  const expected = [
    { row: 2, cells: { 姓名: '张三', 公民身份号码: '32128219860412001X', 外出原因: '务工经商' } },
    { row: 3, cells: { 姓名: '李,四', 公民身份号码: '', 外出原因: '说"明' } },
  ];
  const table = [
    ['姓名', '公民身份号码', '外出原因'],
    ['张三', '32128219860412001X', '务工经商'],
    ['李,四', '', '说"明'],
  ];

  it('reads GB18030 csv, which Chinese Excel writes, detecting the encoding', async () => {
    expect(decodeCsv(GB18030_CSV).encoding).toBe('gb18030');
    expect(await read(GB18030_CSV)).toEqual({ headers: ['姓名', '公民身份号码', '外出原因'], rows: expected });
  });

  it('reads UTF-8 csv with and without the BOM alike', async () => {
    expect(decodeCsv(csvOf(table, { bom: true })).encoding).toBe('utf-8');
    expect(decodeCsv(csvOf(table)).encoding).toBe('utf-8');
    expect((await read(csvOf(table, { bom: true }))).rows).toEqual(expected);
    expect((await read(csvOf(table))).rows).toEqual(expected);
  });

  it('reads the first sheet of an xlsx from its header row, blank rows left out and numbered as in Excel', async () => {
    const content = await xlsxOf([['说明：2026 年 11 月名单'], [], ...table.slice(0, 2), ['', '', ''], table[2]], {
      notesSheet: true,
    });
    const { headers, rows } = await read(content);
    // The title line above the header is passed over.
    expect(headers).toEqual(table[0]);
    expect(rows.map((row) => row.row)).toEqual([4, 6]);
    const plain = await read(await xlsxOf(table));
    expect(plain.rows).toEqual(expected);
  });

  it('reads dates, numbers, formulas and rich text as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['外出日期', '联系电话', '合计', '备注']);
    const row = sheet.addRow([
      new Date(Date.UTC(2026, 2, 5)),
      13905231234,
      { formula: '1+1', result: 2 },
      { richText: [{ text: '务工' }, { text: '经商' }] },
    ]);
    row.getCell(1).numFmt = 'yyyy-mm-dd';
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await read(content)).rows).toEqual([
      { row: 2, cells: { 外出日期: '2026-03-05', 联系电话: '13905231234', 合计: '2', 备注: '务工经商' } },
    ]);
  });

  it.each([false, true])(
    'reads a big sheet of Chinese text whole, never cutting a character between chunks (shared strings: %s)',
    async (useSharedStrings) => {
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      });
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings, useStyles: false });
      const sheet = workbook.addWorksheet('名单');
      const columns = ['姓名', '流出党组织', '外出原因', '流入地详细地址'];
      sheet.addRow(columns).commit();
      const cell = (n: number, column: number) => `${'中共定远县东门村支部委员会'.slice(0, 4 + ((n + column) % 9))}${n}`;
      for (let n = 0; n < 3000; n += 1) sheet.addRow(columns.map((_, column) => cell(n, column))).commit();
      sheet.commit();
      await workbook.commit();
      // Streamed, as a big list is.
      const { rows } = await read(Buffer.concat(chunks), 0);
      const wrong = rows.filter((row, n) => columns.some((column, c) => row.cells[column] !== cell(n, c)));
      expect(rows).toHaveLength(3000);
      expect(wrong.slice(0, 3)).toEqual([]);
    },
  );

  it('reads the same small file alike however its zip is ordered (written again and again)', async () => {
    const table = [
      ['姓名', '公民身份号码', '流出党组织', '外出流向(省)', '外出流向(市)', '外出流向(县)', '外出日期', '外出原因'],
      ['陈一', '340822199001020011', '定远县某村党支部', '江苏省', '苏州市', '姑苏区', '2026-05-01', '务工经商'],
      ['陈二', '340822199001020021', '定远县某村党支部', '江苏省', '苏州市', '姑苏区', '2026-05-01', '务工经商'],
    ];
    const counts = new Set<string>();
    for (let i = 0; i < 100; i += 1) {
      const { headers, rows } = await read(await xlsxOf(table));
      counts.add(`${headers.length} columns, ${rows.length} rows`);
    }
    expect([...counts]).toEqual(['8 columns, 2 rows']);
  });

  it('normalizes headers as people write them', () => {
    expect(normalizeHeader(' 组织名称* ')).toBe('组织名称');
    expect(normalizeHeader('所在县（区）')).toBe('所在县(区)');
    expect(normalizeHeader('外出　流向（省）')).toBe('外出流向(省)');
  });

  it('splits csv records with quoted line breaks, counting lines as an editor does', () => {
    expect([...csvRecords('a,b\n"x\ny",z\nlast,1')]).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ny', 'z'] },
      { line: 4, fields: ['last', '1'] },
    ]);
  });

  it('refuses a file with no header row, and a broken xlsx', async () => {
    await expect(openSheet(Buffer.from('\r\n\r\n'))).rejects.toBeInstanceOf(SpreadsheetError);
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]);
    await expect(openSheet(broken)).rejects.toBeInstanceOf(SpreadsheetError);
  });
});
