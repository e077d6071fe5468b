import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import ExcelJS from 'exceljs'

/** The export's columns as a collector reads them (cloudfunctions/services/health/exportDays.ts). */
export const EXPORT_HEADER = [
  '日期', '姓名', '证件类型', '证件号码', '状态', '提交时间', '补报/逾期', '联系电话', '当前所在地', '今日体温（℃）',
  '身体状况', '近14天接触', '近14天中高风险地区', '粤康码颜色', '隔离情况', '异常',
]

/** The first sheet as the text Excel shows in each cell, row by row (empty cells as ''). */
export async function readSheet(bytes: Uint8Array | Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]
  const width = ws.columnCount
  const rows: string[][] = []
  ws.eachRow((row) => rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).text)))
  return rows
}

/** The sheet as tab-separated text beside the screenshots, for a person to read. */
export function dumpSheet(rows: string[][], file: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, rows.map((r) => r.join('\t')).join('\n') + '\n')
}
