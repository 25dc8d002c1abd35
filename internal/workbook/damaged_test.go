package workbook

import (
	"path/filepath"
	"strings"
	"testing"
)

// excelize stops silently at an XML error inside <sheetData> and drops every row after it; a
// damaged sheet must be reported as unreadable, never read as a shorter table.
func TestDamagedSheetDataIsUnreadableNotShort(t *testing.T) {
	b := newBook(t).sheet("结对关系",
		pairingHeader,
		pairingRow(1, "兰州市阳光社会工作服务中心", codeA),
		pairingRow(2, "天水市社会工作服务中心", codeC),
		pairingRow(3, "白银市社会工作服务中心", codeA),
	)
	// not b.save(): it asserts that the byte-level reader and excelize agree, and here excelize is
	// the one that loses rows.
	path := filepath.Join(t.TempDir(), "damaged.xlsx")
	if err := b.f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	rewriteZip(t, path, []patch{{sheetXML, `<row r="3"`, `<row r="3" x="&bad;"`}})
	wb := Read(path, "province", Options{})
	if !wb.Unreadable || len(wb.Problems) != 1 || !strings.Contains(wb.Problems[0].Detail["reason"], "结对关系") {
		t.Fatalf("damaged sheet: unreadable=%v rows=%d problems=%+v", wb.Unreadable, wb.Rows(), wb.Problems)
	}
	if !strings.Contains(wb.Problems[0].Detail["reason"], "第 3 行") {
		t.Errorf("the reason should name the row where the damage starts: %s", wb.Problems[0].Detail["reason"])
	}
}
