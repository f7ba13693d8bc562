/** The desk's export of any list (web/src/components/export-list.ts): a CSV that Excel opens as it is and never runs. */
import { exportFileName, toCsv } from '../../web/src/components/export-list';

interface Row {
  name: string;
  count: number | null;
}

const columns = [
  { title: '名称', value: (row: Row) => row.name },
  { title: '人数', value: (row: Row) => row.count },
];

describe('toCsv', () => {
  it('starts with a byte-order mark, quotes every cell and ends lines with CRLF', () => {
    expect(toCsv(columns, [{ name: '新桥社区第一党支部', count: 12 }])).toBe(
      '\uFEFF"名称","人数"\r\n"新桥社区第一党支部","12"\r\n',
    );
  });

  it('doubles quotes, keeps commas and line breaks inside the cell, and leaves an empty cell for null', () => {
    expect(toCsv(columns, [{ name: '他说"好",\n就这样', count: null }])).toBe(
      '\uFEFF"名称","人数"\r\n"他说""好"",\n就这样",""\r\n',
    );
  });

  it('keeps a cell that Excel would run as a formula as text', () => {
    const csv = toCsv(columns, [
      { name: '=HYPERLINK("http://x")', count: 1 },
      { name: '+86 139', count: 2 },
      { name: '-1', count: -1 },
      { name: '@SUM(A1)', count: 3 },
    ]);
    expect(csv.split('\r\n').slice(1, 5)).toEqual([
      `"'=HYPERLINK(""http://x"")","1"`,
      `"'+86 139","2"`,
      `"'-1","-1"`,
      `"'@SUM(A1)","3"`,
    ]);
  });
});

describe('exportFileName', () => {
  it('names the file after the list and the day in Shanghai, without characters a file name cannot hold', () => {
    expect(exportFileName('组织/下级', new Date('2026-11-30T17:00:00Z'))).toBe('组织_下级-2026年12月1日.csv');
  });
});
