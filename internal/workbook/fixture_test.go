package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/workbook/wbgen"
)

// book builds a test workbook the way a person fills one in Excel: SetCellValue writes text into
// the shared-string table, as Excel and WPS do.
type book struct {
	t       *testing.T
	f       *excelize.File
	sheets  int
	patches []patch
}

type patch struct{ part, old, new string }

func newBook(t *testing.T) *book {
	t.Helper()
	return &book{t: t, f: excelize.NewFile()}
}

// r is one row of cells, from column A.
func r(cells ...any) []any { return cells }

// sheet adds a sheet with the given rows from row 1; a nil row is left blank.
func (b *book) sheet(name string, rows ...[]any) *book {
	b.t.Helper()
	if b.sheets == 0 {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			b.t.Fatal(err)
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		b.t.Fatal(err)
	}
	b.sheets++
	for i, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, i+1)
			if err := b.f.SetCellValue(name, cell, v); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	return b
}

func (b *book) merge(sheet, from, to string) *book {
	b.t.Helper()
	if err := b.f.MergeCell(sheet, from, to); err != nil {
		b.t.Fatal(err)
	}
	return b
}

func (b *book) formula(sheet, cell, formula string) *book {
	b.t.Helper()
	if err := b.f.SetCellFormula(sheet, cell, formula); err != nil {
		b.t.Fatal(err)
	}
	return b
}

// rewrite replaces text in a package part after saving (to write what excelize does not: cached
// formula values, error cells, Excel's number spelling).
func (b *book) rewrite(part, old, new string) *book {
	b.patches = append(b.patches, patch{part, old, new})
	return b
}

// save writes the workbook to a temp file and returns its path.
func (b *book) save() string {
	b.t.Helper()
	path := filepath.Join(b.t.TempDir(), "book.xlsx")
	if err := b.f.SaveAs(path); err != nil {
		b.t.Fatal(err)
	}
	if len(b.patches) > 0 {
		rewriteZip(b.t, path, b.patches)
	}
	assertSameRows(b.t, path)
	return path
}

func rewriteZip(t *testing.T, path string, patches []patch) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		s := string(data)
		for _, p := range patches {
			if p.part == f.Name {
				if !strings.Contains(s, p.old) {
					t.Fatalf("rewrite %s: %q not found in %s", p.part, p.old, s)
				}
				s = strings.Replace(s, p.old, p.new, 1)
			}
		}
		w, _ := zw.Create(f.Name)
		w.Write([]byte(s))
	}
	zr.Close()
	zw.Close()
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Synthetic codes with valid check characters.
var (
	codeA = wbgen.CreditCode("52620100MJ0000001")
	codeB = wbgen.CreditCode("52621100MJ0000002")
	codeC = wbgen.CreditCode("52330100MJ0000003")
	id1   = wbgen.IDNumber("62010219900101123")
	id2   = wbgen.IDNumber("62010219851231004")
)

var pairingHeader = r("序号", "工作年度", "帮扶类型", "援派省份", "援派机构名称", "援派机构统一社会信用代码", "援派机构类型",
	"受援省份", "受援县(市、区)", "受援机构名称", "受援机构统一社会信用代码", "受援机构类型", "帮扶协议签订日期", "备注")

func pairingRow(seq int, dispatchOrg, code string) []any {
	return r(seq, 2022, "省内帮扶", "甘肃省", dispatchOrg, code, "社会工作服务机构",
		"甘肃", "东乡族自治县", "东乡县社会工作服务站", codeB, "社会工作服务机构", "2022-01-10", "")
}

// problems filters the problems of a workbook by code.
func problems(wb *Workbook, code string) []Problem {
	var out []Problem
	for _, p := range wb.Problems {
		if p.Code == code {
			out = append(out, p)
		}
	}
	return out
}

// cellProblems are the problems about cells and columns (a one-sheet fixture misses 结对关系).
func cellProblems(wb *Workbook) []Problem {
	var out []Problem
	for _, p := range wb.Problems {
		if p.Code != "missing-sheet" {
			out = append(out, p)
		}
	}
	return out
}

func mustRead(t *testing.T, path, kind string) *Workbook {
	t.Helper()
	wb := Read(path, kind, Options{})
	if wb.Unreadable {
		t.Fatalf("unreadable: %+v", wb.Problems)
	}
	return wb
}
