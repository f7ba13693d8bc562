import { PassThrough, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

/**
 * Reading the spreadsheets people bring to the desk: xlsx (streamed, so a 100,000-row sheet is
 * never held as a workbook) and csv in UTF-8, with or without a BOM, or in GB18030, which
 * Chinese Excel writes when it saves "CSV". Rows come out keyed by the header row's names, every
 * value a trimmed string, numbered as the spreadsheet numbers them (the header's row is 1 in a
 * sheet that starts at the top), so a problem can be reported by row and column.
 */

export type SheetFormat = 'xlsx' | 'csv';

/** One row of values by header name; a column missing from the row reads as ''. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

export interface Sheet {
  format: SheetFormat;
  /** The header row's names, normalized ({@link normalizeHeader}), in column order. */
  headers: string[];
  /** The header's row number. */
  headerRow: number;
  /** The rows after the header, blank rows left out; read once. */
  rows: AsyncIterable<SheetRow>;
}

/** The file is no spreadsheet we can read (not xlsx or csv, broken, or no header row). */
export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** xlsx is a zip (PK\3\4); anything else is taken for text. */
export function detectFormat(content: Buffer): SheetFormat {
  return content.length >= 4 && content.readUInt32BE(0) === 0x504b0304 ? 'xlsx' : 'csv';
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The text of a csv file: UTF-8 when it has the BOM or decodes as valid UTF-8, else GB18030
 * (a superset of GBK and GB2312). Valid UTF-8 of Chinese text is very unlikely to be GB18030
 * by accident, while GB18030 Chinese text is almost never valid UTF-8.
 */
export function decodeCsv(content: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (content.subarray(0, 3).equals(UTF8_BOM)) return { text: content.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(content), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(content), encoding: 'gb18030' };
  }
}

/**
 * A header as people write it: `组织名称*`, `所在省（自治区、直辖市）`, ` 姓名 ` → trimmed, full-width
 * spaces and required-field stars dropped, full-width brackets made half-width.
 */
export function normalizeHeader(header: string): string {
  return header
    .replace(/[\u3000\s]+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

/** RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks; CRLF or LF. */
export function* csvRecords(text: string): Generator<{ line: number; fields: string[] }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      fields.push(field);
      yield { line: recordLine, fields };
      fields = [];
      field = '';
      line += 1;
      recordLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    yield { line: recordLine, fields };
  }
}

/** A cell's value as text: dates as `YYYY-MM-DD`, formulas as their result, rich text joined. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value).trim();
  if ('richText' in value)
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim();
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result ?? null);
  if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text);
  if ('error' in value) return '';
  return '';
}

/**
 * The first row with text in two cells or more is the header (a title line above it, as exports
 * often have, is passed over); rows after it are keyed by it.
 */
async function* keyed(
  records: AsyncIterable<{ line: number; fields: string[] }>,
  onHeader: (names: string[], row: number) => void,
): AsyncGenerator<SheetRow> {
  let names: string[] | null = null;
  for await (const record of records) {
    const texts = record.fields.map((field) => field.trim());
    if (texts.every((text) => text === '')) continue;
    if (!names) {
      if (texts.filter((text) => text !== '').length < 2) continue;
      names = texts.map(normalizeHeader);
      onHeader(names, record.line);
      continue;
    }
    const cells: Record<string, string> = {};
    names.forEach((name, index) => {
      if (name !== '' && !(name in cells)) cells[name] = texts[index] ?? '';
    });
    yield { row: record.line, cells };
  }
}

/** Buffers as they come off the unzipped entry, as text cut only between characters. */
async function* wholeCharacters(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs's streaming reader decodes each chunk of an unzipped entry as UTF-8 on its own, so a
 * Chinese character cut between two chunks comes out as two replacement characters (one cell in
 * about 33,000 of a real list). Its parser takes text as well as bytes; this reader hands it the
 * worksheets and the shared strings already decoded across chunk boundaries. The two methods are
 * exceljs's own (lib/stream/xlsx/workbook-reader.js); spreadsheets.test.ts reads a big sheet of Chinese text whole,
 * and the same small file written many times (its zip entries in varying order).
 */
class WholeCharacterWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown {
    const text = new PassThrough();
    text.setEncoding('utf8');
    entry.pipe(text);
    return (ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as Internals)._parseSharedStrings.call(this, text);
  }

  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): unknown {
    // A zip whose worksheet comes before xl/workbook.xml (exceljs's own writer orders its entries
    // as they finish) found no workbook model yet and failed on `this.model.sheets`; the sheet's
    // name is not needed to read its rows.
    const self = this as unknown as { model?: object };
    self.model ??= {};
    return (ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as Internals)._parseWorksheet.call(
      this,
      wholeCharacters(iterator),
      sheetNo,
    );
  }
}

interface Internals {
  _parseSharedStrings(this: unknown, entry: NodeJS.ReadableStream): unknown;
  _parseWorksheet(this: unknown, iterator: AsyncIterable<string>, sheetNo: string): unknown;
}

async function* xlsxRecords(content: Buffer): AsyncGenerator<{ line: number; fields: string[] }> {
  const reader = new WholeCharacterWorkbookReader(Readable.from(content), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        // `values` is 1-based and sparse.
        const values = row.values as ExcelJS.CellValue[];
        const fields: string[] = [];
        for (let column = 1; column < values.length; column += 1) fields.push(cellText(values[column] ?? null));
        yield { line: row.number, fields };
      }
      // The first sheet is the list; the rest are notes people keep beside it.
      return;
    }
  } catch (error) {
    throw new SpreadsheetError(`无法读取这个 xlsx 文件：${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Small xlsx files are read whole: exceljs's streaming reader, given a zip whose first sheet comes
 * before its shared strings (as exceljs itself may write them), now and then read no rows at all
 * (seen about once in a hundred such files in `test/imports`); the whole-file reader is
 * deterministic, and a 2 MB sheet fits in memory many times over. Bigger files stream.
 */
export const WHOLE_XLSX_MAX_BYTES = 2 * 1024 * 1024;

async function* xlsxRecordsWhole(content: Buffer): AsyncGenerator<{ line: number; fields: string[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw new SpreadsheetError(`无法读取这个 xlsx 文件：${error instanceof Error ? error.message : String(error)}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return;
  const rows: { line: number; fields: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[];
    const fields: string[] = [];
    for (let column = 1; column < values.length; column += 1) fields.push(cellText(values[column] ?? null));
    rows.push({ line: row.number, fields });
  });
  yield* rows;
}

async function* csvAsync(text: string): AsyncGenerator<{ line: number; fields: string[] }> {
  yield* csvRecords(text);
}

/**
 * Opens a spreadsheet and reads up to its header row; `rows` then streams the rest. Throws
 * {@link SpreadsheetError} for a file with no header row or an xlsx that cannot be read.
 */
export async function openSheet(content: Buffer, wholeXlsxMaxBytes = WHOLE_XLSX_MAX_BYTES): Promise<Sheet> {
  const format = detectFormat(content);
  const source =
    format === 'csv'
      ? csvAsync(decodeCsv(content).text)
      : content.length <= wholeXlsxMaxBytes
        ? xlsxRecordsWhole(content)
        : xlsxRecords(content);
  let header: { names: string[]; row: number } | null = null;
  const rows = keyed(source, (names, row) => {
    header = { names, row };
  });
  // Read up to the first data row so that the header is known before anyone asks for rows.
  const first = await rows.next();
  const found = header as { names: string[]; row: number } | null;
  if (!found) throw new SpreadsheetError('文件里没有表头行');
  async function* all(): AsyncGenerator<SheetRow> {
    if (!first.done) yield first.value;
    yield* rows;
  }
  return { format, headers: found.names, headerRow: found.row, rows: all() };
}
