package rules

import (
	"slices"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/workbook"
)

// m is a row: field → value.
type m = map[string]any

// tbook builds a test workbook row by row; each row starts from rules.yaml's example_defaults.
type tbook struct {
	*book
	defaults map[string]map[string]any
}

func defaultSet(t testing.TB) *RuleSet {
	t.Helper()
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func wb(t testing.TB, path string) *tbook {
	return &tbook{book: newBook(path), defaults: defaultSet(t).defaults}
}

func (b *tbook) row(table string, over m) *tbook {
	if err := b.add(table, overlay(b.defaults[table], over)); err != nil {
		panic(err)
	}
	return b
}

// rowOn adds a row of table on another sheet (a table continued there), at Excel row excelRow;
// the sheet comes after the book's other sheets.
func (b *tbook) rowOn(table, sheet string, excelRow int, over m) *tbook {
	t := b.table(table)
	row := overlay(b.defaults[table], over)
	vals := make([]workbook.Value, len(t.Sheet.Fields))
	for i, f := range t.Sheet.Fields {
		vals[i] = typedValue(f, row[f.Key], colLetter(i))
	}
	t.Append(sheet, excelRow, vals)
	if !slices.Contains(b.Sheets, sheet) {
		b.Sheets = append(b.Sheets, sheet)
	}
	return b
}

func (b *tbook) province(p string) *tbook { b.info("province", p); return b }
func (b *tbook) pairing(over m) *tbook    { return b.row("pairings", over) }
func (b *tbook) worker(over m) *tbook     { return b.row("workers", over) }
func (b *tbook) trainee(over m) *tbook    { return b.row("trainees", over) }
func (b *tbook) fund(over m) *tbook       { return b.row("funds", over) }
func books(bs ...*tbook) (out []*workbook.Workbook) { // the workbooks of test books
	for _, b := range bs {
		out = append(out, b.Workbook)
	}
	return out
}

// Synthetic ID numbers with valid check digits.
const (
	id1 = "620102198501010013"
	id2 = "620102199002020027"
	id3 = "620102199203030037"
	id4 = "120101198804040047"
	id5 = "620102200005050059"
	id6 = "620102199506060065"
)

var asOf = time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC)

func opts() Options { return Options{AsOf: asOf, Lang: "zh"} }

// of returns the violations of one rule.
func of(out Outcome, rule string) []result.Violation {
	var vs []result.Violation
	for _, v := range out.Violations {
		if v.Rule == rule {
			vs = append(vs, v)
		}
	}
	return vs
}

func status(out Outcome, rule string) result.RuleStatus {
	for _, s := range out.Status {
		if s.Rule == rule {
			return s
		}
	}
	return result.RuleStatus{}
}

// tianjin is a dispatching province's complete, compliant workbook for one cross-province pairing.
func tianjin(t testing.TB) *tbook {
	return wb(t, "tianjin.xlsx").province("天津市").
		pairing(m{}).
		worker(m{}).worker(m{"name": "王示例", "id_number": id2}).
		fund(m{})
}

// gansu is the recipient province's complete, compliant workbook for the same pairing.
func gansu(t testing.TB) *tbook {
	return wb(t, "gansu.xlsx").province("甘肃省").
		pairing(m{}).
		trainee(m{}).trainee(m{"name": "赵示例", "id_number": id6}).trainee(m{"name": "钱示例", "id_number": id3})
}
