import ExcelJS from 'exceljs'

/**
 * exceljs behind one module, so the deployed health function can carry it in a file of its own
 * (excel.js, scripts/build-functions.mjs) that loads on the first export only.
 */
export const Workbook = ExcelJS.Workbook
