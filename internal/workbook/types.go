// Package workbook reads province workbooks and the allocation table (xlsx, xlsm, csv) into typed,
// located records. All the real-world mess of workbooks.md is absorbed here, once: no rule ever
// sees a full-width digit, a merged cell or a title row.
package workbook

import (
	"sort"
	"strconv"

	"github.com/qianshou/qianshou/internal/schema"
)

// Location says where a value came from, as Excel shows it.
type Location struct {
	File  string // the path as given on the command line
	Sheet string // the actual sheet name ("" for a CSV or a file-level problem)
	Row   int    // 1-based Excel row; 0 when not about one row
	Col   string // column letter ("A".."XFD"); "" when not about one cell
}

// Cell is "F7", or "" when the location is not one cell.
func (l Location) Cell() string {
	if l.Col == "" || l.Row == 0 {
		return ""
	}
	return l.Col + strconv.Itoa(l.Row)
}

// Status says what became of a cell.
type Status uint8

const (
	// Absent: the column is not in the sheet.
	Absent Status = iota
	// Empty: the column exists, the cell is blank.
	Empty
	// OK: parsed into Typed.
	OK
	// Invalid: the text did not parse as the field's type; Raw holds it. For the types that have
	// their own rule (year range, org_type, id_number, credit_code) the value is kept in Typed as
	// normalised text or number and the rule judges it; the reader reports no invalid-value for them.
	Invalid
)

// Value is one cell of one field.
type Value struct {
	// Raw is the text as written (for a number cell, its raw value; for an error cell, "#N/A").
	Raw string
	// Typed is the parsed value, by field type:
	//   text, county, id_number, credit_code → string (normalised: trimmed, half-width, upper-case codes)
	//   int, year → int;  number, money → float64 (money in yuan, header units applied)
	//   date, year_month → time.Time (UTC midnight);  bool → bool
	//   province → canonical full name (string);  mode → "跨省帮扶" or "省内帮扶"
	//   org_type → one of the nine types, or the normalised text when unknown (Status Invalid)
	//   cert_level → "助理社会工作师" | "社会工作师" | "高级社会工作师" | "无"
	// nil when Empty, Absent, or unparseable.
	Typed  any
	Status Status
	Col    string // column letter
	// Numeric is set when the cell was a number cell (an ID number stored as a number has lost digits).
	Numeric bool
}

// Record is one data row of a table, materialised (Table.Record): the table itself keeps its
// records compactly.
type Record struct {
	Sheet  string  // actual sheet name
	Row    int     // 1-based Excel row
	Values []Value // indexed like Table.Sheet.Fields
}

// Table is all records of one sheet kind in one file (split sheets merged, in workbook order).
//
// A national batch or a consolidated archive holds millions of cells, most of them repeating a few
// values (years, org names, provinces, days): a table stores one 4-byte entry id per cell and each
// distinct value once, and builds a Value only when asked.
type Table struct {
	Sheet      *schema.Sheet
	SheetNames []string // the actual sheets read into it
	// Columns maps field index → column letter per actual sheet name ("" when the column is absent).
	Columns map[string][]string

	letters [][]string // Columns by sheet index
	n       int        // records
	runs    []posRun   // where the records stand, by first record
	cells   []uint32   // entry ids, row-major: n × len(Sheet.Fields)
	entries []entry
}

// posRun is where records stand: from record rec on, on consecutive Excel rows from row of a sheet
// (an index into SheetNames). A sheet without blank rows between its records is one run, not a
// position per record.
type posRun struct{ rec, sheet, row int32 }

// addPos records that the next record (number t.n) stands on row of sheet si.
func (t *Table) addPos(si, row int32) {
	if k := len(t.runs) - 1; k >= 0 {
		if r := t.runs[k]; r.sheet == si && r.row+int32(t.n)-r.rec == row {
			t.n++
			return
		}
	}
	t.runs = append(t.runs, posRun{int32(t.n), si, row})
	t.n++
}

// pos returns the sheet index and Excel row of record i.
func (t *Table) pos(i int) (sheet, row int32) {
	k := len(t.runs) - 1
	if k > 0 && int32(i) < t.runs[k].rec {
		k = sort.Search(k, func(j int) bool { return t.runs[j+1].rec > int32(i) })
	}
	r := t.runs[k]
	return r.sheet, r.row + int32(i) - r.rec
}

// sheetOf returns the sheet index of record i.
func (t *Table) sheetOf(i int) int32 {
	if len(t.letters) == 1 {
		return 0
	}
	s, _ := t.pos(i)
	return s
}

// entry is a distinct value of a table: a Value without its column letter (the sheet gives that).
type entry struct {
	raw     string
	typed   any
	status  Status
	numeric bool
}

// Len is the number of records.
func (t *Table) Len() int { return t.n }

// Where returns the sheet and Excel row of record i.
func (t *Table) Where(i int) (sheet string, row int) {
	s, r := t.pos(i)
	return t.SheetNames[s], int(r)
}

// Pos returns the sheet (an index into SheetNames) and Excel row of record i.
func (t *Table) Pos(i int) (sheet, row int) {
	s, r := t.pos(i)
	return int(s), int(r)
}

// Value returns field fi of record i (the zero Value when fi is out of range).
func (t *Table) Value(i, fi int) Value {
	n := len(t.Sheet.Fields)
	if fi < 0 || fi >= n {
		return Value{}
	}
	e := &t.entries[t.cells[i*n+fi]]
	return Value{Raw: e.raw, Typed: e.typed, Status: e.status, Numeric: e.numeric, Col: t.letters[t.sheetOf(i)][fi]}
}

// Typed returns Value(i, fi).Typed without building the Value: the rule engine's hot path.
func (t *Table) Typed(i, fi int) any {
	n := len(t.Sheet.Fields)
	if fi < 0 || fi >= n {
		return nil
	}
	return t.entries[t.cells[i*n+fi]].typed
}

// Get returns a field of record i, by key.
func (t *Table) Get(i int, key string) Value { return t.Value(i, t.Sheet.FieldIndex(key)) }

// Record materialises record i.
func (t *Table) Record(i int) Record {
	sheet, row := t.Where(i)
	rec := Record{Sheet: sheet, Row: row, Values: make([]Value, len(t.Sheet.Fields))}
	for fi := range rec.Values {
		rec.Values[fi] = t.Value(i, fi)
	}
	return rec
}

// Records materialises every record (for tests and small tables).
func (t *Table) Records() []Record {
	out := make([]Record, t.Len())
	for i := range out {
		out[i] = t.Record(i)
	}
	return out
}

// Append adds a record of values indexed like Sheet.Fields, as read from a sheet; a sheet new to
// the table takes its column letters from the values. For tables built outside the reader (rule
// examples, tests).
func (t *Table) Append(sheet string, row int, values []Value) {
	si := t.sheetIndex(sheet, nil)
	if t.letters[si] == nil {
		letters := make([]string, len(t.Sheet.Fields))
		for fi := range letters {
			if fi < len(values) {
				letters[fi] = values[fi].Col
			}
		}
		t.letters[si] = letters
	}
	for fi := range t.Sheet.Fields {
		var v Value
		if fi < len(values) {
			v = values[fi]
		}
		t.cells = append(t.cells, t.addEntry(v))
	}
	t.addPos(int32(si), int32(row))
}

// sheetIndex returns the index of a sheet in SheetNames, adding it (with its column letters) when new.
func (t *Table) sheetIndex(sheet string, letters []string) int {
	for len(t.letters) < len(t.SheetNames) { // a table built with its SheetNames and Columns given
		t.letters = append(t.letters, t.Columns[t.SheetNames[len(t.letters)]])
	}
	for i, s := range t.SheetNames {
		if s == sheet {
			return i
		}
	}
	t.SheetNames = append(t.SheetNames, sheet)
	t.letters = append(t.letters, letters)
	if t.Columns == nil {
		t.Columns = map[string][]string{}
	}
	if _, ok := t.Columns[sheet]; !ok && letters != nil {
		t.Columns[sheet] = letters
	}
	return len(t.SheetNames) - 1
}

// addEntry stores a value as a new entry and returns its id.
func (t *Table) addEntry(v Value) uint32 {
	t.entries = append(t.entries, entry{raw: v.Raw, typed: v.Typed, status: v.Status, numeric: v.Numeric})
	return uint32(len(t.entries) - 1)
}

// trim gives back what appending left spare: the table is kept for the whole check, and at 1M rows
// the spare capacity of its slices is 10–20 MB.
func (t *Table) trim() {
	t.runs, t.cells, t.entries = trimmed(t.runs), trimmed(t.cells), trimmed(t.entries)
}

// trimmed returns s in a slice of its own length when more than an eighth of its capacity is spare.
func trimmed[S ~[]E, E any](s S) S {
	if cap(s)-len(s) <= cap(s)/8 {
		return s
	}
	return append(make(S, 0, len(s)), s...)
}

// HasColumn reports whether a field's column was found in at least one sheet of the table.
func (t *Table) HasColumn(key string) bool {
	i := t.Sheet.FieldIndex(key)
	for _, cols := range t.Columns {
		if i >= 0 && i < len(cols) && cols[i] != "" {
			return true
		}
	}
	return false
}

// Problem is something the reader found wrong, located. Code is the rule id that reports it:
// file-unreadable, missing-sheet, missing-column, missing-value, invalid-value, unknown-column.
type Problem struct {
	Code  string
	Loc   Location
	Field string // field key, when about one field
	// Header is the header text found (or the canonical header of a missing column).
	Header string
	// Raw is the offending value as written.
	Raw string
	// Detail is machine-readable extra facts for the message template, e.g.
	// "found" (the sheets or headers found), "example" (a good value), "reason" (why a file is
	// unreadable, in Chinese), "reason_en", "type".
	Detail map[string]string
}

// Info holds the 基本信息 labels (province, unit, contact, phone, report_date), each located.
type Info map[string]InfoValue

// InfoValue is one label's value and where it stood.
type InfoValue struct {
	Value Value
	Loc   Location
}

// Workbook is everything read from one file.
type Workbook struct {
	Path   string // as given
	Kind   string // "province" or "allocation"
	SHA256 string
	// Tables by sheet key ("pairings", "workers", ...). A sheet kind not in the file is absent.
	Tables map[string]*Table
	Info   Info
	// SheetRows counts the data rows read per actual sheet name (for the report's inputs).
	SheetRows map[string]int
	// Sheets lists every sheet name in workbook order (also those no table claimed).
	Sheets   []string
	Problems []Problem
	// Unreadable is set when the file could not be read at all (a file-unreadable problem says why).
	Unreadable bool
	Date1904   bool
}

// Rows is the number of data records read from the file.
func (w *Workbook) Rows() int {
	n := 0
	for _, t := range w.Tables {
		n += t.Len()
	}
	return n
}

// Options tune a read.
type Options struct {
	Schema   *schema.Schema // nil: schema.Default()
	Password string
	// Progress, when set, is called now and then with the number of rows read so far in this file.
	Progress func(rows int)
}
