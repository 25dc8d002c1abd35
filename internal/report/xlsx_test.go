package report

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/result"
)

// richResult is sampleResult with coverage of several provinces and years, for the charts and
// the 覆盖情况 sheet.
func richResult() *result.Result {
	r := sampleResult()
	r.Coverage = append(r.Coverage,
		result.Coverage{Province: "甘肃省", Year: 2023, Counties: 23, Paired: 23},
		result.Coverage{Province: "四川省", Year: 2022, Counties: 25, Paired: 19,
			Missing: []string{"金阳县", "昭觉县", "布拖县", "美姑县", "普格县", "喜德县"}},
	)
	return r
}

func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// dumpXLSX lists a workbook cell by cell: per sheet its frozen panes and filter, then every
// non-empty cell with its type (s string, n number) and any formula. Goldens compare these
// dumps, not the zip bytes.
func dumpXLSX(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		panes, _ := f.GetPanes(sheet)
		fmt.Fprintf(&b, "== %s (frozen %v %s; filter %s)\n", sheet, panes.Freeze, panes.TopLeftCell, filters[sheet])
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, cell)
				if v == "" && formula == "" {
					continue
				}
				typ, _ := f.GetCellType(sheet, cell)
				kind := map[excelize.CellType]string{excelize.CellTypeSharedString: "s", excelize.CellTypeInlineString: "s", excelize.CellTypeNumber: "n", excelize.CellTypeUnset: "n"}[typ]
				if kind == "" {
					kind = fmt.Sprint(typ)
				}
				fmt.Fprintf(&b, "%s %s %q", cell, kind, v)
				if formula != "" {
					fmt.Fprintf(&b, " formula=%q", formula)
				}
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

func TestXLSXGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			f := openXLSX(t, render(t, "xlsx", richResult(), Options{Lang: lang}))
			checkGolden(t, "xlsx_"+lang+".golden.txt", []byte(dumpXLSX(t, f)))
		})
	}
}

func TestXLSXSheets(t *testing.T) {
	tests := []struct {
		lang string
		want []string
	}{
		{"zh", []string{"汇总", "问题清单", "覆盖情况", "规则"}},
		{"", []string{"汇总", "问题清单", "覆盖情况", "规则"}},
		{"en", []string{"Summary", "Violations", "Coverage", "Rules"}},
	}
	for _, tt := range tests {
		f := openXLSX(t, render(t, "xlsx", richResult(), Options{Lang: tt.lang}))
		if got := f.GetSheetList(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("lang %q: sheets %v, want %v", tt.lang, got, tt.want)
		}
	}
}

func TestXLSXIsDeterministic(t *testing.T) {
	a := render(t, "xlsx", richResult(), Options{})
	b := render(t, "xlsx", richResult(), Options{})
	if !bytes.Equal(a, b) {
		t.Error("the same Result gave two different workbooks")
	}
}

// TestXLSXSubmitterValuesStayText checks that a submitter's formula-like value is stored as
// text, verbatim, and that no cell of the workbook holds a formula.
func TestXLSXSubmitterValuesStayText(t *testing.T) {
	f := openXLSX(t, render(t, "xlsx", richResult(), Options{}))
	found := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds the formula %q", sheet, cell, formula)
				}
				for _, bad := range []string{hyperlinkFormula, cmdFormula, scriptTag} {
					if v == bad {
						found[bad] = true
						if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
							t.Errorf("%s!%s (%q) has type %v, want a string", sheet, cell, v, typ)
						}
					}
				}
			}
		}
	}
	if len(found) != 3 {
		t.Errorf("malicious values listed verbatim: %v, want all three", found)
	}
}

func TestTallyResult(t *testing.T) {
	got := tallyResult(richResult(), "zh")
	type row struct {
		name                     string
		errors, warnings, waived int
		passed                   bool
	}
	var files, provinces []row
	for _, f := range got.files {
		files = append(files, row{f.name, f.errors, f.warnings, f.waived, f.passed})
	}
	for _, p := range got.provinces {
		provinces = append(provinces, row{p.name, p.errors, p.warnings, p.waived, p.passed})
	}
	wantFiles := []row{
		{"batch/broken.xls", 1, 0, 0, false},
		{"batch/gansu.xlsx", 2, 1, 0, false},
		{"batch/shanghai, 2022: v2.xlsx", 2, 0, 1, false},
	}
	// The county-coverage violation has no file: it counts for 甘肃省 from its context.
	wantProvinces := []row{{"上海市", 2, 0, 1, false}, {"甘肃省", 3, 1, 0, false}, {"（未识别）", 1, 0, 0, false}}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("files = %v\nwant %v", files, wantFiles)
	}
	if !reflect.DeepEqual(provinces, wantProvinces) {
		t.Errorf("provinces = %v\nwant %v", provinces, wantProvinces)
	}
}

func TestFailRank(t *testing.T) {
	tests := []struct {
		s    result.Summary
		want int
	}{
		{result.Summary{Errors: 1}, 3},
		{result.Summary{Errors: 1, Passed: true}, 4},
		{result.Summary{Warnings: 2}, 2},
		{result.Summary{Infos: 1}, 1},
		{result.Summary{Warnings: 2, Passed: true}, 3},
		{result.Summary{Passed: true}, 3},
	}
	for _, tt := range tests {
		if got := failRank(tt.s); got != tt.want {
			t.Errorf("failRank(%+v) = %d, want %d", tt.s, got, tt.want)
		}
	}
}
