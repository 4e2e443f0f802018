// Files made the way offices make them, for the roster tests: CSV saved in GBK, as Excel and WPS
// save it on Chinese Windows, and XLSX workbooks with merged title rows above the header.
import { join } from 'node:path';
import ExcelJS from 'exceljs';

/** GBK bytes of a text, as Excel and WPS save CSV on Chinese Windows (Node encodes only UTF-8). */
const GBK = (() => {
  const codes = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (trail !== 0x7f && char.length === 1 && char !== '\uFFFD' && !codes.has(char)) codes.set(char, [lead, trail]);
    }
  }
  return codes;
})();
export const gbk = (text: string) =>
  Buffer.from(
    [...text].flatMap((char) => {
      if (char.charCodeAt(0) < 0x80) return [char.charCodeAt(0)];
      const code = GBK.get(char);
      if (!code) throw new Error(`no GBK code for ${char}`);
      return code;
    }),
  );

/** A workbook as an office keeps its roster, written to dir/name: a merged title row (and a second one) above the header, and a hidden sheet of instructions before it. */
export async function officeWorkbook(dir: string, name: string, title: string, header: string[], rows: unknown[][], edit: (ws: ExcelJS.Worksheet) => void = () => undefined): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填报说明').state = 'hidden';
  const ws = wb.addWorksheet('名录');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(['填报单位：杭州市市场监督管理局']);
  ws.mergeCells(2, 1, 2, header.length);
  ws.addRow(header);
  for (const row of rows) ws.addRow(row);
  edit(ws);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}
