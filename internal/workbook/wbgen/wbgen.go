// Package wbgen writes large synthetic workbooks for benchmarks, the way Excel writes them: text in
// a shared-strings table, numbers and dates as number cells. It writes the package XML directly, so
// a 100,000-row workbook takes about a second to make. WriteFile makes a 结对关系-only workbook (the
// reader's benchmark); WriteProvince a whole province workbook on which every rule runs.
package wbgen

import (
	"archive/zip"
	"bufio"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/qianshou/qianshou/internal/schema"
)

// SheetKey is the schema sheet WriteFile writes: 结对关系, 14 columns.
const SheetKey = "pairings"

// Sheet is the schema sheet WriteFile writes; its canonical headers head the columns, in schema order.
func Sheet() *schema.Sheet { return schema.Default().Sheet(SheetKey) }

// WriteFile writes a workbook whose 结对关系 sheet has a header row and rows data rows.
func WriteFile(path string, rows int) error {
	return writeFile(path, func(w io.Writer) error { return Write(w, rows) })
}

// Write writes the workbook of WriteFile to w.
func Write(w io.Writer, rows int) error {
	return writeBook(w, []sheet{tableSheet(Sheet(), func(emit func(map[string]any)) {
		for i := range rows {
			emit(values(i))
		}
	})})
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// values returns data row i (0-based) by field key: text goes to the shared-string table, numbers
// and dates (serials) are number cells.
func values(i int) map[string]any {
	org := i / 4 // four rows per pair of orgs: four years of one pairing
	return map[string]any{
		"seq": i + 1, "year": 2021 + i%4, "mode": "跨省帮扶", "dispatch_province": "浙江省",
		"dispatch_org": fmt.Sprintf("杭州市第%d社会工作服务中心", org), "dispatch_org_code": CreditCode(fmt.Sprintf("52330100MJ%07d", org)),
		"dispatch_org_type": "社会工作服务机构", "recipient_province": "青海省", "recipient_county": "玉树县",
		"recipient_org": fmt.Sprintf("玉树县第%d社会工作服务站", org), "recipient_org_code": CreditCode(fmt.Sprintf("52632700MJ%07d", org)),
		"recipient_org_type": "社会工作服务机构", "agreement_date": 44581 + i%300,
	}
}

// sheet is one worksheet to write: its name and its rows (cells are string, int or float64; "" and
// nil leave the cell out).
type sheet struct {
	name string
	rows func(emit func(cells []any))
}

// tableSheet writes a schema sheet: the canonical headers, then one row per emitted map of field
// key → value, in schema column order.
func tableSheet(sh *schema.Sheet, rows func(emit func(map[string]any))) sheet {
	return sheet{name: sh.Name, rows: func(emit func([]any)) {
		cells := make([]any, len(sh.Fields))
		for i, f := range sh.Fields {
			cells[i] = f.Header
		}
		emit(cells)
		rows(func(v map[string]any) {
			for c, f := range sh.Fields {
				cells[c] = v[f.Key]
			}
			emit(cells)
		})
	}}
}

// writeBook writes a workbook of the given sheets, sharing one string table.
func writeBook(w io.Writer, sheets []sheet) error {
	zw := zip.NewWriter(w)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes(len(sheets))}, {"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbookXML(sheets)}, {"xl/_rels/workbook.xml.rels", workbookRels(len(sheets))},
	} {
		if err := writePart(zw, p.name, func(b *bufio.Writer) { b.WriteString(p.body) }); err != nil {
			return err
		}
	}
	sst := newStrings()
	for i, sh := range sheets {
		if err := writePart(zw, sheetPart(i), func(b *bufio.Writer) { writeSheet(b, sh, sst) }); err != nil {
			return err
		}
	}
	if err := writePart(zw, "xl/sharedStrings.xml", sst.write); err != nil {
		return err
	}
	return zw.Close()
}

func sheetPart(i int) string { return "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml" }

func writePart(zw *zip.Writer, name string, body func(*bufio.Writer)) error {
	pw, err := zw.Create(name)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(pw, 1<<16)
	body(b)
	return b.Flush()
}

func writeSheet(b *bufio.Writer, sh sheet, sst *sharedStrings) {
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`)
	r := 0
	sh.rows(func(cells []any) {
		r++
		writeRow(b, r, cells, sst)
	})
	b.WriteString(`</sheetData></worksheet>`)
}

func writeRow(b *bufio.Writer, r int, cells []any, sst *sharedStrings) {
	rs := strconv.Itoa(r)
	b.WriteString(`<row r="` + rs + `">`)
	for c, v := range cells {
		ref := string(rune('A'+c)) + rs
		switch v := v.(type) {
		case string:
			if v == "" {
				continue
			}
			b.WriteString(`<c r="` + ref + `" t="s"><v>` + strconv.Itoa(sst.index(v)) + `</v></c>`)
		case int:
			b.WriteString(`<c r="` + ref + `"><v>` + strconv.Itoa(v) + `</v></c>`)
		case float64:
			b.WriteString(`<c r="` + ref + `"><v>` + strconv.FormatFloat(v, 'g', -1, 64) + `</v></c>`)
		}
	}
	b.WriteString(`</row>`)
}

type sharedStrings struct {
	byText map[string]int
	list   []string
	count  int
}

func newStrings() *sharedStrings { return &sharedStrings{byText: map[string]int{}} }

func (s *sharedStrings) index(v string) int {
	s.count++
	if i, ok := s.byText[v]; ok {
		return i
	}
	s.byText[v] = len(s.list)
	s.list = append(s.list, v)
	return len(s.list) - 1
}

func (s *sharedStrings) write(b *bufio.Writer) {
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, s.count, len(s.list))
	for _, v := range s.list {
		b.WriteString(`<si><t>` + html.EscapeString(v) + `</t></si>`)
	}
	b.WriteString(`</sst>`)
}

// CreditCode completes 17 characters with the GB 32100-2015 check character.
func CreditCode(first17 string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := range 17 {
		for v := range len(alphabet) {
			if alphabet[v] == first17[i] {
				sum += v * weights[i]
			}
		}
	}
	return first17 + string(alphabet[(31-sum%31)%31])
}

// IDNumber completes 17 digits with the GB 11643-1999 check character.
func IDNumber(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * weights[i]
	}
	return first17 + string("10X98765432"[sum%11])
}

const sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

func contentTypes(sheets int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i := range sheets {
		b.WriteString(`<Override PartName="/` + sheetPart(i) + `" ContentType="` + sheetType + `"/>`)
	}
	b.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	return b.String()
}

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

func workbookXML(sheets []sheet) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	for i, sh := range sheets {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<sheet name="` + html.EscapeString(sh.name) + `" sheetId="` + n + `" r:id="rId` + n + `"/>`)
	}
	b.WriteString(`</sheets></workbook>`)
	return b.String()
}

func workbookRels(sheets int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := range sheets {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<Relationship Id="rId` + n + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
	}
	b.WriteString(`<Relationship Id="rId` + strconv.Itoa(sheets+1) + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	return b.String()
}
