package workbook

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/qianshou/qianshou/internal/parse"
	"github.com/qianshou/qianshou/internal/schema"
)

// maxCSV bounds the text read from one CSV file.
const maxCSV = 256 << 20

// readCSV reads a CSV (or tab-separated Unicode text) file as one table: the kind whose name or
// alias the file name contains, else the kind whose headers its top rows match best. Its records
// have Sheet "" (a CSV has no sheets), and a CSV is never short of sheets.
func (r *reader) readCSV() {
	raw, err := os.ReadFile(r.wb.Path)
	if err != nil {
		r.wb.failOpen(err)
		return
	}
	if len(raw) > maxCSV {
		r.wb.fail("CSV 文件超过 256 MB，已拒绝读取。", "the CSV file is larger than 256 MB and was refused.")
		return
	}
	text, err := decodeText(raw)
	if err != nil {
		r.wb.fail("CSV 文件的文字编码无法识别（支持 UTF-8、UTF-16 和 GBK）。请在 Excel 中另存为“CSV UTF-8”或 .xlsx。",
			"the CSV file's text encoding is not recognised (UTF-8, UTF-16 and GBK are). Save it from Excel as \"CSV UTF-8\" or .xlsx.")
		return
	}
	rows, err := splitCSV(text)
	if err != nil {
		r.wb.fail("CSV 文件格式错误（"+err.Error()+"）。请用 Excel 打开检查后另存为 .xlsx。",
			"the CSV file is malformed ("+err.Error()+"). Open it in Excel, check it and save as .xlsx.")
		return
	}
	if blank(rows) {
		r.wb.fail(emptyReason())
		return
	}
	kind, known := r.csvKind(rows)
	if kind == nil {
		r.wb.fail("本类工作簿没有可以用 CSV 提供的表。", "this kind of workbook has no table a CSV can hold.")
		return
	}
	if !known {
		found := strings.Join(firstCells(rows, 10), "、")
		r.wb.fail("CSV 文件的前 10 行中没有任何模板中的表头（找到的表头："+found+"），无法判断它是哪一张表。"+
			"请使用 qianshou template 生成的模板中的表头，或在文件名中写明表名（如 援派人员.csv）。",
			"no header of the template in the CSV file's first 10 rows (headers found: "+found+"), so which table it holds cannot be told. "+
				"Use the headers of the template qianshou template writes, or name the table in the file name (e.g. 援派人员.csv).")
		return
	}
	if err := r.readTable(&sliceRows{rows: rows}, "", kind, nil); err != nil {
		r.wb.fail("CSV 文件无法读取："+err.Error(), "the CSV file cannot be read: "+err.Error())
		return
	}
	r.finishInfo()
}

// decodeText turns the bytes of a text file into UTF-8: a BOM says UTF-8 or UTF-16; without one,
// valid UTF-8 is taken as is, anything else as GBK (GB18030), which Excel on Chinese Windows writes.
func decodeText(raw []byte) (string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return string(raw[3:]), nil
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		return string(b), err
	case utf8.Valid(raw):
		return string(raw), nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	return string(b), err
}

// splitCSV splits the text into rows; the delimiter is a comma, or a tab when the first line has
// tabs and no commas (Excel's "Unicode text").
func splitCSV(text string) ([][]string, error) {
	first, _, _ := strings.Cut(text, "\n")
	cr := csv.NewReader(strings.NewReader(text))
	if strings.Contains(first, "\t") && !strings.Contains(first, ",") {
		cr.Comma = '\t'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, rec)
	}
}

// blank reports whether no row has a non-blank cell.
func blank(rows [][]string) bool {
	for _, row := range rows {
		for _, c := range row {
			if strings.TrimSpace(c) != "" {
				return false
			}
		}
	}
	return true
}

// firstCells is the non-blank cells of the first non-blank row, at most n of them.
func firstCells(rows [][]string, n int) []string {
	for _, row := range rows {
		var cells []string
		for _, c := range row {
			if c = strings.TrimSpace(c); c != "" && len(cells) < n {
				cells = append(cells, c)
			}
		}
		if len(cells) > 0 {
			return cells
		}
	}
	return nil
}

// csvKind picks the table a CSV holds; known says whether its name or at least one header of its
// top rows names it (a CSV that names no table would otherwise read as the first one, short of
// every column).
func (r *reader) csvKind(rows [][]string) (kind *schema.Sheet, known bool) {
	base := parse.Text(strings.TrimSuffix(filepath.Base(r.wb.Path), filepath.Ext(r.wb.Path)))
	for _, sh := range r.sheets {
		for _, n := range sheetNames(sh) {
			if strings.Contains(base, parse.Text(n)) {
				return sh, true
			}
		}
	}
	var best *schema.Sheet
	bestScore := -1
	for _, sh := range r.sheets {
		cols := r.columnsOf(sh)
		score := 0
		for i := 0; i < len(rows) && i < headerZone; i++ {
			score = max(score, cols.score(rows[i]))
		}
		if score > bestScore {
			best, bestScore = sh, score
		}
	}
	return best, bestScore > 0
}

// sliceRows serves rows held in memory (a CSV), numbered from 1.
type sliceRows struct {
	rows [][]string
	i    int
}

func (s *sliceRows) Next() bool      { s.i++; return s.i <= len(s.rows) }
func (s *sliceRows) Row() int        { return s.i }
func (s *sliceRows) Cells() []string { return s.rows[s.i-1] }
func (s *sliceRows) Err() error      { return nil }
