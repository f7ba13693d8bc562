import ExcelJS from 'exceljs';

/**
 * Writing xlsx files (exceljs), for what the desk hands on: one sheet per table, a bold header
 * row, every cell text or a number. Reading spreadsheets is `spreadsheets.ts`'s; writing is not
 * reading, so the two stay apart. Used by the jobs only: the api function never bundles it.
 */

export type ExportCell = string | number | null;

export interface ExportSheet {
  name: string;
  columns: readonly { header: string; width?: number }[];
  rows: readonly (readonly ExportCell[])[];
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook's bytes. Text stays text (an ID number never turns into a rounded number). */
export async function writeWorkbook(sheets: readonly ExportSheet[], meta: { creator: string; created: Date }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = meta.creator;
  workbook.created = meta.created;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((column) => ({ header: column.header, width: column.width ?? 14 }));
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow([...row]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The sheets of a workbook as text and numbers, header row first: how tests and the desk's check read a file back. */
export async function readWorkbook(content: Buffer): Promise<{ name: string; rows: ExportCell[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook.worksheets.map((worksheet) => {
    const rows: ExportCell[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row) => {
      const values: ExportCell[] = [];
      for (let column = 1; column <= worksheet.columnCount; column += 1) {
        const value = row.getCell(column).value;
        values.push(typeof value === 'number' || typeof value === 'string' ? value : value === null ? null : String(value));
      }
      rows.push(values);
    });
    return { name: worksheet.name, rows };
  });
}
