package annotate

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/result"
)

const malicious = `=HYPERLINK("http://x","y")`

// buildInput writes a small province workbook with the things an annotated copy must keep: a
// formula, a merged range, a data validation, styled cells with a custom number format, a comment,
// an autofilter and a print area.
func buildInput(t *testing.T, path string, opts ...excelize.Options) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "结对关系"))
	_, err := f.NewSheet("援派人员")
	must(err)
	must(f.SetSheetRow("结对关系", "A1", &[]any{"年度", "援派机构", "受援机构", "受援县", "备注", "资金(元)"}))
	must(f.SetSheetRow("结对关系", "A2", &[]any{2022, "甲市社工中心", "乙县社工站", "临潭县", "无", 120000.5}))
	must(f.SetSheetRow("结对关系", "A3", &[]any{2022, "丙市社工中心", "丁县社工站", "卓尼县", "", 80000}))
	must(f.SetSheetRow("结对关系", "A4", &[]any{2023, "戊市社工中心", "合并受援机构", nil, "", 5000}))
	must(f.MergeCell("结对关系", "C4", "D4"))
	must(f.SetCellFormula("结对关系", "F5", "SUM(F2:F4)"))
	must(f.SetCellStr("结对关系", "A5", "合计"))
	money, err := f.NewStyle(&excelize.Style{
		Font:         &excelize.Font{Bold: true, Color: "1F4E79"},
		Border:       []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 2}},
		CustomNumFmt: strPtr("#,##0.00_ "),
	})
	must(err)
	must(f.SetCellStyle("结对关系", "F2", "F4", money))
	must(f.AddComment("结对关系", excelize.Comment{Cell: "E2", Author: "填报人", Text: "原有批注"}))
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "A2:A100"
	must(dv.SetDropList([]string{"2021", "2022", "2023"}))
	must(f.AddDataValidation("结对关系", dv))
	must(f.AutoFilter("结对关系", "A1:F4", nil))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "'结对关系'!$A$1:$F$5", Scope: "结对关系"}))
	must(f.SetSheetRow("援派人员", "A1", &[]any{"姓名", "证书等级", "备注"}))
	must(f.SetSheetRow("援派人员", "A2", &[]any{"张某某", "助理社会工作师", malicious}))
	must(f.SaveAs(path, opts...))
}

func strPtr(s string) *string { return &s }

// sampleViolations are the findings of buildInput's workbook (and one of another file).
func sampleViolations(file string) []result.Violation {
	return []result.Violation{
		{Rule: "money-format", Severity: result.Error, Title: "资金须为数字", Message: "资金格式有误", File: file, Sheet: "结对关系", Row: 3, Column: "F", Cell: "F3"},
		{Rule: "money-low", Severity: result.Warning, Title: "资金偏低", Message: "资金低于标准", File: file, Sheet: "结对关系", Row: 3, Column: "F", Cell: "F3"},
		{Rule: "county-unknown", Severity: result.Info, Title: "受援县不在名单", Message: "县名为空", File: file, Sheet: "结对关系", Row: 4, Column: "D", Cell: "D4"},
		{Rule: "dispatch-min-workers", Severity: result.Error, Title: "援派人员不足", Message: "丙市社工中心 2022年: 合格援派人员 1 人, 须 ≥2", File: file, Sheet: "结对关系", Row: 3, Rows: []int{2}},
		{Rule: "remark", Severity: result.Warning, Title: "备注", Message: "备注待补充", File: file, Sheet: "结对关系", Row: 2, Column: "E", Cell: "E2"},
		{Rule: "worker-certificate", Severity: result.Error, Title: "援派人员须持社会工作师证书", Message: "张某某 的证书等级为“助理社会工作师”", File: file, Sheet: "援派人员", Row: 2, Column: "B", Cell: "B2", Value: "助理社会工作师",
			Waived: &result.Waiver{Reason: "已报民政部备案", Expires: "2026-12-31"}},
		{Rule: "invalid-value", Severity: result.Warning, Title: "无法识别的值", Message: "备注含公式", File: file, Sheet: "援派人员", Row: 2, Column: "C", Cell: "C2", Value: malicious},
		{Rule: "plan-deadline", Severity: result.Error, Title: "实施方案须按时报送", Message: "未找到报送日期", File: file},
		{Rule: "worker-certificate", Severity: result.Error, Title: "other file", Message: "other", File: "other.xlsx", Sheet: "援派人员", Row: 2, Column: "A"},
	}
}

func sha(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func annotateSample(t *testing.T, lang string) (src, dst string) {
	t.Helper()
	dir := t.TempDir()
	src = filepath.Join(dir, "甘肃.xlsx")
	buildInput(t, src)
	before := sha(t, src)
	out := filepath.Join(dir, "out", "annotated") // created by Write
	dst, err := Write(src, filepath.Join(out, "甘肃.xlsx"), sampleViolations(src), Options{Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(out, "甘肃.xlsx"); dst != want {
		t.Errorf("dst = %s, want %s", dst, want)
	}
	if sha(t, src) != before {
		t.Error("the input workbook changed")
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Errorf("the output directory holds %d entries, want only the copy (no temporary file left)", len(entries))
	}
	return src, dst
}

func open(t *testing.T, path string, opts ...excelize.Options) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteMarksCellsWithFillAndKeepsTheirStyle(t *testing.T) {
	_, dst := annotateSample(t, "zh")
	f := open(t, dst)
	tests := []struct {
		sheet, cell string
		fill        string // "" = no fill
	}{
		{"结对关系", "F3", "FFC7CE"}, // error and warning on one cell: the worst wins
		{"结对关系", "C4", "BDD7EE"}, // D4 lies in the merged C4:D4: marked at C4
		{"结对关系", "A3", "FFC7CE"}, // group violation: column A of its row
		{"结对关系", "E2", "FFEB9C"}, // warning
		{"援派人员", "B2", ""},       // only a waived violation: explained, not painted
		{"援派人员", "C2", "FFEB9C"}, // warning
		{"结对关系", "F2", ""},       // untouched
	}
	for _, tt := range tests {
		idx, err := f.GetCellStyle(tt.sheet, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(idx)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(st.Fill.Color) > 0 {
			got = strings.ToUpper(st.Fill.Color[0])
		}
		if got != tt.fill {
			t.Errorf("%s!%s fill = %q, want %q", tt.sheet, tt.cell, got, tt.fill)
		}
	}
	// F3 kept its font, border and number format under the fill.
	idx, _ := f.GetCellStyle("结对关系", "F3")
	st, _ := f.GetStyle(idx)
	if st.Font == nil || !st.Font.Bold || st.Font.Color != "1F4E79" {
		t.Errorf("F3 font = %+v, want bold 1F4E79", st.Font)
	}
	if len(st.Border) != 2 {
		t.Errorf("F3 borders = %+v, want the two of the input", st.Border)
	}
	if st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00_ " {
		t.Errorf("F3 number format = %v, want #,##0.00_ ", st.CustomNumFmt)
	}
}

func TestWriteCommentsEveryMarkedCell(t *testing.T) {
	_, dst := annotateSample(t, "zh")
	f := open(t, dst)
	comments := map[string]string{}
	for _, sheet := range []string{"结对关系", "援派人员"} {
		cs, err := f.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			comments[sheet+"!"+c.Cell] = c.Text
		}
	}
	tests := []struct {
		at   string
		want []string
	}{
		{"结对关系!F3", []string{"[错误] money-format 资金须为数字\n资金格式有误", "[警告] money-low 资金偏低\n资金低于标准"}},
		{"结对关系!C4", []string{"[提示] county-unknown", "县名为空"}},
		{"结对关系!A3", []string{"dispatch-min-workers", "合格援派人员 1 人"}},
		{"结对关系!E2", []string{"原有批注\n\n[警告] remark 备注"}},
		{"援派人员!B2", []string{"[错误 · 已豁免: 已报民政部备案] worker-certificate"}},
	}
	for _, tt := range tests {
		got, ok := comments[tt.at]
		if !ok {
			t.Errorf("%s has no comment", tt.at)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("comment at %s = %q, want it to contain %q", tt.at, got, w)
			}
		}
	}
	if len(comments) != 6 {
		t.Errorf("%d comments, want 6 (one per marked cell): %v", len(comments), comments)
	}
}

func TestWriteListsViolationsOnAFirstSheetWithLinks(t *testing.T) {
	for _, tt := range []struct {
		lang, sheet, header, severity string
	}{
		{"zh", "检查结果", "严重程度", "错误"},
		{"en", "Check results", "Severity", "error"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			_, dst := annotateSample(t, tt.lang)
			f := open(t, dst)
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{tt.sheet, "结对关系", "援派人员"}) {
				t.Fatalf("sheets = %v", got)
			}
			if f.GetActiveSheetIndex() != 0 {
				t.Errorf("active sheet = %d, want the results sheet", f.GetActiveSheetIndex())
			}
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 9 { // header + 8 violations of this file
				t.Fatalf("%d rows, want 9: %v", len(rows), rows)
			}
			if rows[0][0] != tt.header || rows[1][0] != tt.severity {
				t.Errorf("first rows = %v / %v", rows[0], rows[1])
			}
			links := map[string]string{}
			for r := 2; r <= len(rows); r++ {
				cell := cellName(5, r)
				if ok, target, _ := f.GetCellHyperLink(tt.sheet, cell); ok {
					links[rows[r-1][1]+" "+rows[r-1][4]] = target
				}
			}
			want := map[string]string{
				"money-format 结对关系!F3":         "'结对关系'!F3",
				"money-low 结对关系!F3":            "'结对关系'!F3",
				"county-unknown 结对关系!C4":       "'结对关系'!C4",
				"dispatch-min-workers 结对关系!A3": "'结对关系'!A3",
				"remark 结对关系!E2":               "'结对关系'!E2",
				"worker-certificate 援派人员!B2":   "'援派人员'!B2",
				"invalid-value 援派人员!C2":        "'援派人员'!C2",
			}
			if !reflect.DeepEqual(links, want) {
				t.Errorf("links = %v\nwant %v", links, want)
			}
			panes, err := f.GetPanes(tt.sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes = %+v, %v; want the header row frozen", panes, err)
			}
			props, _ := f.GetSheetProps(tt.sheet)
			layout, _ := f.GetPageLayout(tt.sheet)
			if props.FitToPage == nil || !*props.FitToPage || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
				t.Errorf("%s does not print on one page width", tt.sheet)
			}
			if !hasDefinedName(f, "_xlnm._FilterDatabase", tt.sheet) {
				t.Errorf("no autofilter on %s: %v", tt.sheet, f.GetDefinedName())
			}
		})
	}
}

func hasDefinedName(f *excelize.File, name, scope string) bool {
	for _, dn := range f.GetDefinedName() {
		if dn.Name == name && dn.Scope == scope {
			return true
		}
	}
	return false
}

func TestWriteKeepsEveryOriginalCell(t *testing.T) {
	src, dst := annotateSample(t, "zh")
	in, out := open(t, src), open(t, dst)
	for _, sheet := range in.GetSheetList() {
		rows, err := in.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r := range rows {
			for c := range rows[r] {
				cell := cellName(c+1, r+1)
				v1, _ := in.GetCellValue(sheet, cell)
				v2, _ := out.GetCellValue(sheet, cell)
				f1, _ := in.GetCellFormula(sheet, cell)
				f2, _ := out.GetCellFormula(sheet, cell)
				if v1 != v2 || f1 != f2 {
					t.Errorf("%s!%s = %q (formula %q), want %q (formula %q)", sheet, cell, v2, f2, v1, f1)
				}
			}
		}
		m1, _ := in.GetMergeCells(sheet)
		m2, _ := out.GetMergeCells(sheet)
		if !reflect.DeepEqual(m1, m2) {
			t.Errorf("%s merged ranges = %v, want %v", sheet, m2, m1)
		}
		d1, _ := in.GetDataValidations(sheet)
		d2, _ := out.GetDataValidations(sheet)
		if !reflect.DeepEqual(d1, d2) {
			t.Errorf("%s data validations = %+v, want %+v", sheet, d2, d1)
		}
	}
	if f, _ := out.GetCellFormula("结对关系", "F5"); f != "SUM(F2:F4)" {
		t.Errorf("F5 formula = %q", f)
	}
	// The original sheet's filter and print area still belong to it after the new first sheet.
	for _, name := range []string{"_xlnm._FilterDatabase", "_xlnm.Print_Area"} {
		if !hasDefinedName(out, name, "结对关系") {
			t.Errorf("%s no longer scoped to 结对关系: %v", name, out.GetDefinedName())
		}
	}
}

func TestWriteKeepsSubmitterFormulasInert(t *testing.T) {
	_, dst := annotateSample(t, "zh")
	f := open(t, dst)
	rows, _ := f.GetRows("检查结果")
	found := false
	for r, row := range rows {
		for c, v := range row {
			cell := cellName(c+1, r+1)
			if formula, _ := f.GetCellFormula("检查结果", cell); formula != "" {
				t.Errorf("检查结果!%s holds formula %q", cell, formula)
			}
			if v == malicious {
				found = true
				if typ, _ := f.GetCellType("检查结果", cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("检查结果!%s type = %v, want a string", cell, typ)
				}
			}
		}
	}
	if !found {
		t.Error("the submitter's value is not listed verbatim")
	}
}

func TestWriteRefusesWhatItCannotAnnotate(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(csv, []byte("年度\n2022\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xlsx := filepath.Join(dir, "b.xlsx")
	buildInput(t, xlsx)
	locked := filepath.Join(dir, "locked.xlsx")
	buildInput(t, locked, excelize.Options{Password: "pw"})
	bomb := filepath.Join(dir, "bomb.xlsx")
	writeXMLBomb(t, bomb)
	out := t.TempDir()
	tests := []struct {
		name, src, dst, want string
		is                   error
	}{
		{"csv", csv, filepath.Join(out, "a.csv"), "CSV 文件没有单元格格式", ErrNotWorkbook},
		{"xls", filepath.Join(dir, "c.xls"), filepath.Join(out, "c.xls"), ".xlsx", ErrNotWorkbook},
		{"onto itself", xlsx, filepath.Join(dir, ".", "b.xlsx"), "覆盖原文件", nil},
		{"encrypted, no password", locked, filepath.Join(out, "locked.xlsx"), "--password", nil},
		{"entities in shared strings", bomb, filepath.Join(out, "bomb.xlsx"), "工作簿结构异常", nil},
	}
	before := sha(t, xlsx)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Write(tt.src, tt.dst, nil, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.src) {
				t.Fatalf("err = %v, want one naming %s and saying %q", err, tt.src, tt.want)
			}
			if strings.Contains(err.Error(), ErrNotWorkbook.Error()) {
				t.Errorf("err = %v: an English fragment in a Chinese message", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
		})
	}
	if sha(t, xlsx) != before {
		t.Error("the input workbook changed")
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("output directory holds %d entries, want none", len(entries))
	}
}

func TestWriteEncryptedWorkbookStaysEncrypted(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "locked.xlsx")
	buildInput(t, src, excelize.Options{Password: "pw"})
	out := t.TempDir()
	if _, err := Write(src, filepath.Join(out, "locked.xlsx"), sampleViolations(src), Options{}); err == nil {
		t.Fatal("annotating an encrypted workbook without its password succeeded")
	}
	dst, err := Write(src, filepath.Join(out, "locked.xlsx"), sampleViolations(src), Options{Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := excelize.OpenFile(dst); err == nil {
		t.Error("the copy of an encrypted workbook opens without a password")
	}
	f := open(t, dst, excelize.Options{Password: "pw"})
	if f.GetSheetName(0) != "检查结果" {
		t.Errorf("first sheet = %q", f.GetSheetName(0))
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "甘肃.xlsx")
	buildInput(t, src)
	var copies [][32]byte
	for _, out := range []string{"a", "b"} {
		dst, err := Write(src, filepath.Join(dir, out, "甘肃.xlsx"), sampleViolations(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		copies = append(copies, sha(t, dst))
	}
	if copies[0] != copies[1] {
		t.Error("annotating the same workbook twice gave different bytes")
	}
}

func TestFreeSheetName(t *testing.T) {
	tests := []struct {
		sheets []string
		want   string
	}{
		{[]string{"结对关系"}, "检查结果"},
		{[]string{"结对关系", "检查结果"}, "检查结果 (2)"},
		{[]string{"检查结果", "检查结果 (2)"}, "检查结果 (3)"},
	}
	for _, tt := range tests {
		f := excelize.NewFile()
		for _, s := range tt.sheets {
			if _, err := f.NewSheet(s); err != nil {
				t.Fatal(err)
			}
		}
		if got := freeSheetName(f, "检查结果"); got != tt.want {
			t.Errorf("sheets %v: got %q, want %q", tt.sheets, got, tt.want)
		}
		f.Close()
	}
}

// TestVerifyCopyFindsALostValue checks the guard that keeps a copy which lost data (as excelize
// makes of a Strict Open XML workbook) from being written.
func TestVerifyCopyFindsALostValue(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	buildInput(t, src)
	tests := []struct {
		name   string
		change func(f *excelize.File) error
		want   string // "" = faithful
	}{
		{"unchanged", func(*excelize.File) error { return nil }, ""},
		{"a cell styled and commented", func(f *excelize.File) error {
			return f.AddComment("援派人员", excelize.Comment{Cell: "A2", Text: "x"})
		}, ""},
		{"a value lost", func(f *excelize.File) error { return f.SetCellStr("援派人员", "B2", "") }, "援派人员!B2"},
		{"a row added", func(f *excelize.File) error { return f.SetCellStr("结对关系", "A9", "x") }, "结对关系!A9"},
		{"a sheet lost", func(f *excelize.File) error { return f.DeleteSheet("援派人员") }, "援派人员"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, src)
			if err := tt.change(f); err != nil {
				t.Fatal(err)
			}
			copied := filepath.Join(t.TempDir(), "copy.xlsx")
			if err := f.SaveAs(copied); err != nil {
				t.Fatal(err)
			}
			err := verifyCopy(src, copied, "", &zh)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("faithful copy rejected: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want one naming %s", err, tt.want)
			}
		})
	}
}

func TestDestinationsNeverCollide(t *testing.T) {
	tests := []struct {
		name string
		srcs []string
		want []string // in the order of srcs
	}{
		{"distinct names go straight into dir",
			[]string{"a/甘肃省.xlsx", "b/宁夏.xlsx"},
			[]string{"out/甘肃省.xlsx", "out/宁夏.xlsx"}},
		{"one name in two folders keeps the folders",
			[]string{"报送/2022/甘肃省.xlsx", "报送/2023/甘肃省.xlsx", "报送/宁夏.xlsx"},
			[]string{"out/2022/甘肃省.xlsx", "out/2023/甘肃省.xlsx", "out/宁夏.xlsx"}},
		{"names that differ only in case collide on Windows and macOS",
			[]string{"a/x.xlsx", "b/c/X.xlsx"},
			[]string{"out/a/x.xlsx", "out/b/c/X.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Destinations("out", tt.srcs)
			for i, src := range tt.srcs {
				if got[src] != filepath.FromSlash(tt.want[i]) {
					t.Errorf("%s → %s, want %s", src, got[src], tt.want[i])
				}
			}
		})
	}
}

// TestWriteBoundsASharedStringBomb: a sheet whose 12,000 cells all point at one 1 MB shared string
// (Apache POI's poc-shared-strings.xlsx, whose references A0, B0… excelize reads as no rows).
// Verifying the copy cell by cell once took 25 s and 12 GB; it must fail fast, in bounded memory,
// naming the file, and write nothing.
func TestWriteBoundsASharedStringBomb(t *testing.T) {
	tests := []struct {
		name     string
		firstRow int
	}{
		{"invalid references from row 0", 0},
		{"valid references", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "bomb.xlsx")
			writeSharedStringBomb(t, src, tt.firstRow, 4000, 1<<20)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := Write(src, filepath.Join(dir, "out", "bomb.xlsx"), nil, Options{})
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), src) {
				t.Errorf("err = %v, want a refusal naming %s", err, src)
			}
			if alloc := (after.TotalAlloc - before.TotalAlloc) >> 20; alloc > 2048 {
				t.Errorf("annotating allocated %d MB, want it bounded (< 2 GB)", alloc)
			}
			if _, err := os.Stat(filepath.Join(dir, "out", "bomb.xlsx")); err == nil {
				t.Error("an unverified copy was written")
			}
		})
	}
}

// writeSharedStringBomb writes a workbook whose rows first..first+rows-1 each hold three cells
// referencing one shared string of size bytes.
func writeSharedStringBomb(t *testing.T, path string, first, rows, size int) {
	t.Helper()
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := first; r < first+rows; r++ {
		fmt.Fprintf(&sheet, `<row r="%d">`, r)
		for _, c := range "ABC" {
			fmt.Fprintf(&sheet, `<c r="%c%d" t="s"><v>0</v></c>`, c, r)
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>` +
		strings.Repeat("f", size) + `</t></si></sst>`
	rewriteParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheet.String(), "xl/sharedStrings.xml": sst})
}

// rewriteParts writes a one-sheet workbook with the given parts replaced.
func rewriteParts(t *testing.T, path string, parts map[string]string) {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetCellStr("Sheet1", "A1", "x"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if part, ok := parts[zf.Name]; ok {
			_, err = io.WriteString(w, part)
		} else {
			var rc io.ReadCloser
			if rc, err = zf.Open(); err == nil {
				_, err = io.Copy(w, rc)
				rc.Close()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeXMLBomb writes a workbook whose shared strings declare entities (billion laughs, as in
// Apache POI's poc-xmlbomb.xlsx); Go's XML decoder refuses them.
func writeXMLBomb(t *testing.T, path string) {
	t.Helper()
	sst := `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>` +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&b;</t></si></sst>`
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`
	rewriteParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": sst})
}

func TestWriteOpensExcelsDefaultPassword(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "silent.xlsx")
	buildInput(t, src, excelize.Options{Password: "VelvetSweatshop"})
	dst, err := Write(src, filepath.Join(dir, "out", "silent.xlsx"), sampleViolations(src), Options{})
	if err != nil {
		t.Fatalf("a workbook Excel opens without a prompt was not annotated: %v", err)
	}
	f := open(t, dst, excelize.Options{Password: "VelvetSweatshop"})
	if f.GetSheetName(0) != "检查结果" {
		t.Errorf("first sheet = %q", f.GetSheetName(0))
	}
}

// The copy is the officer's to edit: a read-only input (a mail attachment, a file from a shared
// drive) still gives a copy its owner can write, with the input's other permissions.
func TestCopyOfAReadOnlyInputIsWritable(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "甘肃.xlsx")
	buildInput(t, src)
	if err := os.Chmod(src, 0o444); err != nil {
		t.Fatal(err)
	}
	dst, err := Write(src, filepath.Join(dir, "out", "甘肃.xlsx"), sampleViolations(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o644 {
		t.Errorf("copy mode = %o, want 644", got)
	}
}
