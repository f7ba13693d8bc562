import ExcelJS from 'exceljs';

/**
 * The files made so far, by what they hold: an xlsx records the moment it was written (in its
 * properties and in each zip entry), so the same rows built twice a second apart would be two
 * different files, and "the same file imported again" would depend on the clock.
 */
const madeFiles = new Map<string, Promise<Buffer>>();

/** An xlsx of these rows (the first is the header), every cell text, as the national system exports it; the same rows give the same bytes. */
export function xlsxOf(rows: readonly (readonly string[])[], options: { notesSheet?: boolean } = {}): Promise<Buffer> {
  const key = JSON.stringify([rows, options.notesSheet ?? false]);
  let made = madeFiles.get(key);
  if (!made) {
    made = buildXlsx(rows, options);
    madeFiles.set(key, made);
  }
  return made;
}

async function buildXlsx(rows: readonly (readonly string[])[], options: { notesSheet?: boolean }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow([...row]);
  if (options.notesSheet) workbook.addWorksheet('说明').addRow(['填表说明', '这一页不是名单']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A UTF-8 csv of these rows, with the BOM Excel writes when asked for UTF-8, or without. */
export function csvOf(rows: readonly (readonly string[])[], options: { bom?: boolean } = {}): Buffer {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const text = rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([options.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}
