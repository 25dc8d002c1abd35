// Package wbgen writes large synthetic province workbooks for benchmarks, the way Excel writes
// them: text in a shared-strings table, numbers and dates as number cells. It writes the package
// XML directly, so a 100,000-row workbook takes about a second to make.
package wbgen

import (
	"archive/zip"
	"bufio"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"

	"github.com/qianshou/qianshou/internal/schema"
)

// SheetKey is the schema sheet the generator writes: 结对关系, 14 columns.
const SheetKey = "pairings"

// Sheet is the schema sheet written; its canonical headers head the columns, in schema order.
func Sheet() *schema.Sheet { return schema.Default().Sheet(SheetKey) }

// WriteFile writes a workbook whose 结对关系 sheet has a header row and rows data rows.
func WriteFile(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(f, rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Write writes the workbook to w.
func Write(w io.Writer, rows int) error {
	zw := zip.NewWriter(w)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbook()}, {"xl/_rels/workbook.xml.rels", workbookRels},
	} {
		if err := writePart(zw, p.name, func(b *bufio.Writer) { b.WriteString(p.body) }); err != nil {
			return err
		}
	}
	sst := newStrings()
	if err := writePart(zw, "xl/worksheets/sheet1.xml", func(b *bufio.Writer) { writeSheet(b, rows, sst) }); err != nil {
		return err
	}
	if err := writePart(zw, "xl/sharedStrings.xml", sst.write); err != nil {
		return err
	}
	return zw.Close()
}

func writePart(zw *zip.Writer, name string, body func(*bufio.Writer)) error {
	pw, err := zw.Create(name)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(pw, 1<<16)
	body(b)
	return b.Flush()
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

func writeSheet(b *bufio.Writer, rows int, sst *sharedStrings) {
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`)
	fields := Sheet().Fields
	cells := make([]any, len(fields))
	for i, f := range fields {
		cells[i] = f.Header
	}
	writeRow(b, 1, cells, sst)
	for i := range rows {
		v := values(i)
		for c, f := range fields {
			cells[c] = v[f.Key]
		}
		writeRow(b, i+2, cells, sst)
	}
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

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

func workbook() string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + html.EscapeString(Sheet().Name) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`
}

const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
