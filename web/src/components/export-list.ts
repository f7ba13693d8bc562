/**
 * Any list the desk shows can be saved as a CSV file that Excel opens as it is: UTF-8 with a
 * byte-order mark (without it Excel reads Chinese as another code page), CRLF line ends, every
 * cell quoted, and a cell that Excel would run as a formula (= + - @ first) kept as text.
 */
export interface ExportColumn<T> {
  title: string;
  value: (row: T) => string | number | null | undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((column) => cell(column.title)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => cell(column.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A file name a person can read, dated in Shanghai: `组织架构-2026年12月1日.csv`. */
export function exportFileName(title: string, now: Date = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 60 * 60 * 1000);
  const day = `${shanghai.getUTCFullYear()}年${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日`;
  return `${title.replace(/[\\/:*?"<>|]/g, '_')}-${day}.csv`;
}

/** Hands a file to the browser's download (no server round trip). */
export function downloadFile(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv<T>(title: string, columns: readonly ExportColumn<T>[], rows: readonly T[]): void {
  downloadFile(exportFileName(title), toCsv(columns, rows), 'text/csv;charset=utf-8');
}
