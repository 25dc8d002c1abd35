package workbook

import "testing"

// A sheet named by no kind ("Sheet1" from an export, or an officer's own name) is read as the table
// whose headers it carries — unless a sheet of that kind is present by name.
func TestSheetKindFromHeadersWhenItsNameSaysNothing(t *testing.T) {
	path := newBook(t).sheet("Sheet1",
		r("甘肃省结对情况表"),
		pairingHeader,
		pairingRow(1, "兰州市阳光社会工作服务中心", codeA),
	).sheet("人员名单", workerHeader, workerRow("兰州市阳光社会工作服务中心", "张示例", "620102198501010013", 45)).
		sheet("说明", r("本表由甘肃省民政厅填报")).save()
	wb := mustRead(t, path, "province")
	if tab := wb.Tables["pairings"]; tab == nil || len(tab.Records()) != 1 || tab.Records()[0].Sheet != "Sheet1" || tab.Records()[0].Row != 3 {
		t.Fatalf("pairings from Sheet1 = %+v", tab)
	}
	if tab := wb.Tables["workers"]; tab == nil || len(tab.Records()) != 1 {
		t.Fatalf("workers from 人员名单 = %+v", tab)
	}
	for _, p := range wb.Problems {
		if p.Code == "missing-sheet" && p.Field == "" && p.Detail["sheet_key"] == "pairings" {
			t.Errorf("结对关系 reported missing although Sheet1 holds it: %+v", p)
		}
	}

	// A sheet named 结对关系 wins: the unnamed sheet with the same headers is not read twice.
	path = newBook(t).sheet("结对关系", pairingHeader, pairingRow(1, "兰州市阳光社会工作服务中心", codeA)).
		sheet("Sheet2", pairingHeader, pairingRow(1, "天水市社会工作服务中心", codeC)).save()
	wb = mustRead(t, path, "province")
	if tab := wb.Tables["pairings"]; tab == nil || len(tab.Records()) != 1 || tab.Records()[0].Sheet != "结对关系" {
		t.Fatalf("pairings = %+v, want only the sheet named 结对关系", tab)
	}
}
