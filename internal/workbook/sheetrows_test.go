package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/workbook/wbgen"
)

type gotRow struct {
	row   int
	cells []string
}

// collect drains a row source.
func collect(src rowSource) ([]gotRow, error) {
	var rows []gotRow
	for src.Next() {
		rows = append(rows, gotRow{src.Row(), append([]string(nil), src.Cells()...)})
	}
	return rows, src.Err()
}

// diffRows says how two reads of a sheet differ, cell by cell ("" when they do not).
func diffRows(fast, slow []gotRow, fastErr, slowErr error) string {
	// Where excelize stops silently at damaged XML, the byte-level reader says so instead: the
	// same rows, then errDamaged.
	if errors.Is(fastErr, errDamaged) && slowErr == nil {
		fastErr = nil
	}
	if (fastErr == nil) != (slowErr == nil) {
		return fmt.Sprintf("error %v, excelize %v", fastErr, slowErr)
	}
	for i := range max(len(fast), len(slow)) {
		if i >= len(fast) || i >= len(slow) {
			return fmt.Sprintf("%d rows, excelize %d", len(fast), len(slow))
		}
		f, s := fast[i], slow[i]
		if f.row != s.row || len(f.cells) != len(s.cells) {
			return fmt.Sprintf("row %d: %q, excelize row %d: %q", f.row, f.cells, s.row, s.cells)
		}
		for c := range f.cells {
			if f.cells[c] != s.cells[c] {
				return fmt.Sprintf("row %d col %d: %q, excelize %q", f.row, c+1, f.cells[c], s.cells[c])
			}
		}
	}
	return ""
}

// compareSheets reads every sheet of an open workbook with the byte-level reader (from memory and
// streamed a few bytes at a time) and with excelize, and reports the first difference per sheet.
// fellBack lists the sheets excelize had to take over.
func compareSheets(t *testing.T, f *excelize.File, path string) (fellBack []string) {
	t.Helper()
	r := &reader{wb: &Workbook{Path: path}}
	paths := sheetPaths(f)
	for _, name := range f.GetSheetList() {
		open := func() (rowSource, error) {
			rows, err := f.Rows(name)
			if err != nil {
				return nil, err
			}
			t.Cleanup(func() { rows.Close() })
			return &excelRows{rows: rows}, nil
		}
		slowSrc, err := open()
		if err != nil {
			continue // the reader fails such a sheet before reading rows
		}
		slow, slowErr := collect(slowSrc)
		data := pkgPart(f, paths[name])
		if data == nil && paths[name] != "" {
			if data, err = zipPartWhere(path, func(n string) bool { return n == paths[name] }); err != nil {
				t.Fatal(err)
			}
		}
		sst, ok := r.sharedStrings(f)
		if !ok || data == nil {
			fellBack = append(fellBack, name)
			continue
		}
		for _, mode := range []string{"memory", "streamed"} {
			var fast *sheetRows
			if mode == "memory" {
				fast = newSheetRows(data, nil, sst, 0, open)
			} else {
				fast = newSheetRows(nil, iotest.HalfReader(bytes.NewReader(data)), sst, lastRowNumber(data), open)
			}
			rows, err := collect(fast)
			if d := diffRows(rows, slow, err, slowErr); d != "" {
				t.Errorf("%s: sheet %q (%s): %s", filepath.Base(path), name, mode, d)
			}
			if fast.fellBack && mode == "memory" {
				fellBack = append(fellBack, name)
			}
		}
	}
	return fellBack
}

// assertSameRows checks a workbook file: both readers give the same rows and the byte-level one
// needed no help. Every fixture of the layout tests goes through it (book.save).
func assertSameRows(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return // a fixture that is meant not to open
	}
	defer f.Close()
	if fb := compareSheets(t, f, path); len(fb) > 0 {
		t.Logf("%s: excelize read sheets %q", filepath.Base(path), fb)
	}
}

// Every readable xlsx/xlsm of the real-world corpus reads the same, row for row and cell by cell,
// through the byte-level reader (with its fallback) as through excelize.
func TestSheetRowsMatchExcelizeOnCorpus(t *testing.T) {
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("corpus not available at %s (%v)", corpusDir, err)
	}
	compared, fast := 0, 0
	for _, e := range entries {
		path := filepath.Join(corpusDir, e.Name())
		format, err := sniff(path)
		if err != nil || format != fmtOOXML && format != fmtEncrypted {
			continue
		}
		r := &reader{wb: &Workbook{Path: path}}
		f, err := r.open(format == fmtEncrypted)
		if err != nil {
			continue
		}
		fb := compareSheets(t, f, path)
		f.Close()
		n := len(f.GetSheetList())
		compared += n
		fast += n - len(fb)
		if len(fb) > 0 {
			t.Logf("%s: excelize read %q", e.Name(), fb)
		}
	}
	t.Logf("%d sheets compared, %d read by the byte-level reader", compared, fast)
	if compared == 0 {
		t.Fatal("no corpus workbook could be opened")
	}
}

// Generated workbooks (Excel-like shared strings, every sheet kind) read the same and entirely
// through the byte-level reader.
func TestSheetRowsMatchExcelizeOnGenerated(t *testing.T) {
	dir := t.TempDir()
	for name, write := range map[string]func(string) error{
		"pairings.xlsx": func(p string) error { return wbgen.WriteFile(p, 500) },
		"province.xlsx": func(p string) error { return wbgen.WriteProvince(p, "甘肃省", 300) },
		"alloc.xlsx":    func(p string) error { return wbgen.WriteAllocation(p, []string{"甘肃省", "福建省"}, 300) },
	} {
		path := filepath.Join(dir, name)
		if err := write(path); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if fb := compareSheets(t, f, path); len(fb) > 0 {
			t.Errorf("%s: excelize had to read %q", name, fb)
		}
		f.Close()
	}
}

// sheetBook is a minimal xlsx package around one worksheet's sheetData and a shared-string table.
func sheetBook(sheetData, sst string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sheetData + `</worksheet>`},
	}
	if sst != "" {
		parts = append(parts, [2]string{"xl/sharedStrings.xml", sst})
	}
	for _, p := range parts {
		w, _ := zw.Create(p[0])
		io.WriteString(w, p[1])
	}
	zw.Close()
	return buf.Bytes()
}

const testSST = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">` +
	`<si><t>序号</t></si><si><t xml:space="preserve"> a &amp; b &#x4E2D;&#20013; </t></si>` +
	`<si><r><rPr><b/><sz val="11"/></rPr><t>rich</t></r><r><t>_x000D_text_x005F_x0041_</t></r><rPh sb="0" eb="1"><t>フリ</t></rPh><phoneticPr fontId="1"/></si>` +
	`<si/><si><t>line1` + "\r\n" + `line2</t></si></sst>`

// compareSheetXML reads one sheetData both ways; it fails the test on a difference and returns
// whether the byte-level reader handed over to excelize.
func compareSheetXML(t *testing.T, sheetData, sst string) bool {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(sheetBook(sheetData, sst)), excelize.Options{RawCellValue: true})
	if err != nil {
		return true
	}
	defer f.Close()
	fb := compareSheets(t, f, "")
	return len(fb) > 0
}

// The shapes the byte-level reader handles itself, each compared with excelize.
func TestSheetRowsShapes(t *testing.T) {
	cases := []struct {
		name, xml string
		fallback  bool
	}{
		{"shared strings and numbers", `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1"><v>42.5</v></c></row></sheetData>`, false},
		{"gaps between rows and cells", `<sheetData><row r="3"><c r="C3" t="s"><v>4</v></c></row><row r="7"><c r="E7"><v>1</v></c></row></sheetData>`, false},
		{"no r on rows and cells", `<sheetData><row><c><v>1</v></c><c t="s"><v>0</v></c></row><row><c/><c><v>2</v></c></row></sheetData>`, false},
		{"namespace prefix", `<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c></x:row></x:sheetData>`, false},
		{"inline, str, bool, error, date", `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>_x0042_</t></r></is></c><c r="B1" t="str"><f>A1</f><v>x</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="d"><v>2022-01-20T00:00:00Z</v></c></row></sheetData>`, false},
		{"formula without value", `<sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f>1+1</f><v/></c><c r="D1" s="3"/></row></sheetData>`, false},
		{"entities and CR in values", `<sheetData><row r="1"><c r="A1" t="str"><v>a&lt;b&gt;&quot;&apos;&#65;&#x42;` + "\r\n\r" + `</v></c></row></sheetData>`, false},
		{"index out of range, malformed index", `<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c><c r="B1" t="s"><v> 1 </v></c><c r="C1" t="s"><v>x</v></c><c r="D1" t="s"><v></v></c></row></sheetData>`, false},
		{"cells out of order", `<sheetData><row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row></sheetData>`, false},
		{"comments and empty rows", `<sheetData><!-- made by hand --><row r="1" spans="1:3" ht="20" customHeight="1"/><row r="2"><c r="A2"><v>1</v></c><!-- x --></row></sheetData>`, false},
		{"self-closing sheetData", `<sheetData/>`, false},
		{"unknown element: excelize reads", `<sheetData><row r="1"><c r="A1"><v>1</v><extLst/></c></row></sheetData>`, true},
		{"rows out of order: excelize reads", `<sheetData><row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`, true},
		{"bad cell reference: excelize reads", `<sheetData><row r="1"><c r="1A"><v>1</v></c></row></sheetData>`, true},
		{"CDATA: excelize reads", `<sheetData><row r="1"><c r="A1" t="str"><v><![CDATA[<x>]]></v></c></row></sheetData>`, true},
		{"unknown entity: excelize stops, the reader says so", `<sheetData><row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData>`, true},
		{"garbled after good rows: excelize reads", `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></rw></sheetData>`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := compareSheetXML(t, c.xml, testSST); got != c.fallback {
				t.Errorf("handed over to excelize: %v, want %v", got, c.fallback)
			}
		})
	}
}

// The shared-string table is read like excelize reads it, or not at all.
func TestParseSharedStrings(t *testing.T) {
	got, ok := parseSharedStrings([]byte(testSST))
	want := []string{"序号", " a & b 中中 ", "rich\rtext_x0041_", "", "line1\nline2"}
	if !ok || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, %v; want %q", got, ok, want)
	}
	for _, bad := range []string{
		`<sst><si><t>no namespace</t></si></sst>`,
		`<?xml version="1.0" encoding="GBK"?><sst xmlns="` + nsMain + `"/>`,
		`<sst xmlns="` + nsMain + `" count="many"/>`,
		`<sst xmlns="` + nsMain + `"><si><t>a &bogus; b</t></si></sst>`,
		`<sst xmlns="` + nsMain + `"><si><t>unclosed</si></sst>`,
	} {
		if _, ok := parseSharedStrings([]byte(bad)); ok {
			t.Errorf("%s: read, want handed over to excelize", bad)
		}
	}
}

// FuzzSheetRows: whatever the sheetData, the byte-level reader (with its hand-over) gives what
// excelize gives, row for row.
func FuzzSheetRows(f *testing.F) {
	f.Add(`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row></sheetData>`)
	f.Add(`<x:sheetData><x:row><x:c t="inlineStr"><x:is><x:r><x:t>a</x:t></x:r></x:is></x:c></x:row></x:sheetData>`)
	f.Add(`<sheetData><row r="2"><c r="B2"><f>1</f><v/></c><c r="C2" t="str"><v>&amp;&#20013;_x0041_</v></c></row></sheetData>`)
	f.Add(`<sheetData><!-- c --><row r="1"/><row r="3" spans="1:2"><c r="A3" s="1"/></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>`)
	f.Fuzz(func(t *testing.T, sheetData string) {
		compareSheetXML(t, sheetData, testSST)
	})
}
