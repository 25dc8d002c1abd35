package workbook

import "testing"

// A worksheet part too large to keep in memory goes to a temporary file, and the scan reads it from
// the package instead, streamed: its merged cells and its formulas without a cached value are still
// seen, and damage in the middle of its rows is still reported.
func TestLargeSheetsAreScannedFromThePackage(t *testing.T) {
	defer func(n int64) { memSheetXML = n }(memSheetXML)
	memSheetXML = 1
	t.Run("merges", TestVerticallyMergedDataCells)
	t.Run("formulas", TestFormulasAndErrorCells)
	t.Run("damaged", TestDamagedSheetDataIsUnreadableNotShort)
	t.Run("repeated values", TestRepeatedValuesTypedOnceProblemsAtEveryCell)
}
