package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/qianshou/qianshou/internal/workbook"
)

// ExampleResult is the outcome of one example of a rule.
type ExampleResult struct {
	Rule string
	Kind string // "pass" | "fail"
	Line int    // where the example stands in the rules file
	OK   bool
	Diff string // what happened instead, when not OK
}

// exampleAsOf is the date examples are judged at unless they say otherwise: before the deadline.
var exampleAsOf = time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC)

// RunExamples runs every rule's examples: a pass example must give no violation of that rule, a
// fail example at least one.
func (rs *RuleSet) RunExamples() []ExampleResult {
	var out []ExampleResult
	for _, r := range rs.rules {
		all := append(append([]map[string]any{}, r.Examples.Pass...), r.Examples.Fail...)
		for i, ex := range all {
			res := ExampleResult{Rule: r.ID, Kind: "pass"}
			if i >= len(r.Examples.Pass) {
				res.Kind = "fail"
			}
			if i < len(r.exLines) {
				res.Line = r.exLines[i]
			}
			table := ""
			if len(r.On) > 0 {
				table = viewByName(r.On[0]).table
			}
			b, err := rs.exampleBatch(ex, table)
			if err != nil {
				res.Diff = err.Error()
				out = append(out, res)
				continue
			}
			got := rs.checkOne(r, b.books, b.alloc, b.opt)
			switch {
			case res.Kind == "pass" && len(got) == 0, res.Kind == "fail" && len(got) > 0:
				res.OK = true
			case res.Kind == "pass":
				var msgs []string
				for _, v := range got {
					msgs = append(msgs, v.Cell+" "+v.Message)
				}
				res.Diff = "expected no violation, got: " + strings.Join(msgs, "; ")
			default:
				res.Diff = "expected a violation, got none"
			}
			out = append(out, res)
		}
	}
	return out
}

// batch is a small set of workbooks built from data.
type batch struct {
	books []*workbook.Workbook
	alloc *workbook.Workbook
	opt   Options
}

// exampleBatch builds the workbooks an example describes: one row of table (over the table's
// example defaults), or a dataset: {pairings: [rows], workers: […], info: {…}, problems: […],
// allocation: […], books: [{file:, info:, pairings: …}], options: {as_of, year, scope, counties}}.
func (rs *RuleSet) exampleBatch(ex map[string]any, table string) (batch, error) {
	b := batch{opt: Options{AsOf: exampleAsOf, Lang: "zh"}}
	isDataset := true
	for k := range ex {
		if !datasetKeys[k] {
			isDataset = false
		}
	}
	if !isDataset {
		ex = map[string]any{table: []any{ex}}
	}
	if opts, ok := ex["options"].(map[string]any); ok {
		if err := exampleOptions(&b.opt, opts); err != nil {
			return b, err
		}
	}
	books, _ := ex["books"].([]any)
	if len(books) == 0 {
		books = []any{ex}
	}
	for i, item := range books {
		m, ok := item.(map[string]any)
		if !ok {
			return b, fmt.Errorf("books: each book is a mapping")
		}
		name, _ := m["file"].(string)
		if name == "" {
			name = fmt.Sprintf("example%d.xlsx", i+1)
		}
		bk, err := rs.exampleBook(name, m)
		if err != nil {
			return b, err
		}
		b.books = append(b.books, bk)
	}
	if rows, ok := ex["allocation"].([]any); ok {
		a := newBook("allocation.xlsx")
		a.Kind = "allocation"
		for _, r := range rows {
			rm, _ := r.(map[string]any)
			if err := a.add("allocation", overlay(rs.defaults["allocation"], rm)); err != nil {
				return b, err
			}
		}
		b.alloc = a.Workbook
	}
	return b, nil
}

func exampleOptions(opt *Options, m map[string]any) error {
	for _, k := range sortedKeys(m) {
		v := m[k]
		switch k {
		case "as_of":
			t, ok := v.(time.Time)
			if !ok {
				return fmt.Errorf("options.as_of: want a date")
			}
			opt.AsOf = t
		case "year":
			opt.Year, _ = toInt(v)
		case "scope":
			opt.Scope, _ = v.(string)
		case "counties":
			names := map[string]bool{}
			list, _ := v.([]any)
			for _, n := range list {
				names[fmt.Sprint(n)] = true
			}
			var csv strings.Builder
			csv.WriteString("province,prefecture,county,code,aliases,verified\n")
			for _, c := range reference.DefaultCounties().All() {
				if names[c.Name] {
					fmt.Fprintf(&csv, "%s,%s,%s,%s,%s,%d\n", c.Province, c.Prefecture, c.Name, c.Code, strings.Join(c.Aliases, "|"), c.Verified)
				}
			}
			cs, err := reference.LoadCounties(strings.NewReader(csv.String()), "example")
			if err != nil {
				return err
			}
			opt.Counties = cs
		default:
			return fmt.Errorf("options: unknown key %q (as_of, year, scope, counties)", k)
		}
	}
	return nil
}

func overlay(defaults, row map[string]any) map[string]any {
	out := make(map[string]any, len(defaults)+len(row))
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range row {
		out[k] = v
	}
	return out
}

func (rs *RuleSet) exampleBook(name string, m map[string]any) (*workbook.Workbook, error) {
	bk := newBook(name)
	for _, key := range sortedKeys(m) {
		switch key {
		case "file", "books", "options", "allocation":
		case "info":
			info, _ := m[key].(map[string]any)
			for _, k := range sortedKeys(info) {
				bk.info(k, info[k])
			}
		case "problems":
			list, _ := m[key].([]any)
			for _, p := range list {
				pm, _ := p.(map[string]any)
				bk.problem(exampleProblem(name, pm))
			}
		default:
			rows, ok := m[key].([]any)
			if !ok {
				return nil, fmt.Errorf("%s: want a list of rows", key)
			}
			bk.table(key)
			for _, r := range rows {
				rm, _ := r.(map[string]any)
				if err := bk.add(key, overlay(rs.defaults[key], rm)); err != nil {
					return nil, err
				}
			}
		}
	}
	return bk.Workbook, nil
}

func exampleProblem(file string, m map[string]any) workbook.Problem {
	s := func(k string) string {
		if v, ok := m[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	row, _ := toInt(m["row"])
	p := workbook.Problem{Code: s("code"), Loc: workbook.Location{File: file, Sheet: s("sheet"), Row: row, Col: s("col")},
		Field: s("field"), Header: s("header"), Raw: s("raw")}
	if d, ok := m["detail"].(map[string]any); ok {
		p.Detail = map[string]string{}
		for k, v := range d {
			p.Detail[k] = fmt.Sprint(v)
		}
	}
	return p
}

// book builds a workbook.Workbook from plain values, as the reader would deliver it: for examples,
// tests and benchmarks. Every field of a table it adds has a column.
type book struct {
	*workbook.Workbook
}

// newBook starts an empty province workbook.
func newBook(path string) *book {
	return &book{&workbook.Workbook{Path: path, Kind: "province", Tables: map[string]*workbook.Table{},
		Info: workbook.Info{}, SheetRows: map[string]int{}}}
}

// table makes sure the book has the table of a sheet key (with every column), and returns it.
func (b *book) table(key string) *workbook.Table {
	if t, ok := b.Tables[key]; ok {
		return t
	}
	sh := schema.Default().Sheet(key)
	cols := make([]string, len(sh.Fields))
	for i := range cols {
		cols[i] = colLetter(i)
	}
	t := &workbook.Table{Sheet: sh, SheetNames: []string{sh.Name}, Columns: map[string][]string{sh.Name: cols}}
	b.Tables[key] = t
	b.Sheets = append(b.Sheets, sh.Name)
	return t
}

func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// add appends a record to a table; values are plain Go values (strings, ints, floats, dates)
// converted to each field's type. A field not given is an empty cell.
func (b *book) add(key string, values map[string]any) error {
	sh := schema.Default().Sheet(key)
	if sh == nil {
		return fmt.Errorf("no sheet %q", key)
	}
	var unknown []string
	for k := range values {
		if sh.Field(k) == nil {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("%s: unknown field(s) %s", key, strings.Join(unknown, ", "))
	}
	t := b.table(key)
	vals := make([]workbook.Value, len(sh.Fields))
	for i, f := range sh.Fields {
		vals[i] = typedValue(f, values[f.Key], colLetter(i))
	}
	t.Append(sh.Name, t.Len()+2, vals) // row 1 is the header
	b.SheetRows[sh.Name]++
	return nil
}

// info sets a 基本信息 label (province, report_date…).
func (b *book) info(key string, v any) *book {
	typ := schema.Text
	for _, l := range schema.Default().Info.Labels {
		if l.Key == key {
			typ = l.Type
		}
	}
	val := typedValue(schema.Field{Key: key, Type: typ}, v, "B")
	b.Workbook.Info[key] = workbook.InfoValue{Value: val, Loc: workbook.Location{File: b.Path, Sheet: "基本信息", Row: 2 + len(b.Workbook.Info), Col: "B"}}
	return b
}

// problem adds a reader problem.
func (b *book) problem(p workbook.Problem) *book {
	if p.Loc.File == "" {
		p.Loc.File = b.Path
	}
	b.Problems = append(b.Problems, p)
	return b
}

// typedValue converts a plain value to a cell of a field's type, as the reader would.
func typedValue(f schema.Field, v any, col string) workbook.Value {
	if v == nil || v == "" {
		return workbook.Value{Status: workbook.Empty, Col: col}
	}
	val := workbook.Value{Raw: display(v, "zh"), Status: workbook.OK, Col: col}
	switch f.Type {
	case schema.Int, schema.Year:
		n, ok := toInt(v)
		if !ok {
			return workbook.Value{Raw: val.Raw, Status: workbook.Invalid, Col: col}
		}
		val.Typed = n
	case schema.Number, schema.Money:
		x, ok := toFloat(v)
		if !ok {
			return workbook.Value{Raw: val.Raw, Status: workbook.Invalid, Col: col}
		}
		val.Typed = x
	case schema.Date, schema.YearMonth:
		t, ok := v.(time.Time)
		if !ok {
			var err error
			if t, err = time.Parse("2006-01-02", val.Raw); err != nil {
				if t, err = time.Parse("2006-01", val.Raw); err != nil {
					return workbook.Value{Raw: val.Raw, Status: workbook.Invalid, Col: col}
				}
			}
		}
		val.Typed = t
	case schema.Bool:
		b, _ := v.(bool)
		val.Typed = b
	case schema.Province:
		if p, ok := reference.LookupProvince(val.Raw); ok {
			val.Typed = p.Name
		} else {
			return workbook.Value{Raw: val.Raw, Status: workbook.Invalid, Col: col}
		}
	case schema.Mode:
		switch val.Raw {
		case "跨省", "跨省帮扶":
			val.Typed = "跨省帮扶"
		case "省内", "省内帮扶":
			val.Typed = "省内帮扶"
		default:
			return workbook.Value{Raw: val.Raw, Status: workbook.Invalid, Col: col}
		}
	case schema.OrgType:
		val.Typed = val.Raw
		if c, ok := reference.CanonicalOrgType(val.Raw); ok {
			val.Typed = c
		} else {
			val.Status = workbook.Invalid
		}
	default:
		val.Typed = val.Raw
	}
	return val
}
