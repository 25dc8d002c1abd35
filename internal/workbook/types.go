// Package workbook reads province workbooks and the allocation table (xlsx, xlsm, csv) into typed,
// located records. All the real-world mess of workbooks.md is absorbed here, once: no rule ever
// sees a full-width digit, a merged cell or a title row.
package workbook

import (
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

// Record is one data row of a table.
type Record struct {
	Sheet  string  // actual sheet name
	Row    int     // 1-based Excel row
	Values []Value // indexed like Table.Sheet.Fields
}

// Table is all records of one sheet kind in one file (split sheets merged, in workbook order).
type Table struct {
	Sheet      *schema.Sheet
	SheetNames []string // the actual sheets read into it
	// Columns maps field index → column letter per actual sheet name ("" when the column is absent).
	Columns map[string][]string
	Records []Record
}

// Get returns the value of a field of a record, by key.
func (t *Table) Get(r *Record, key string) Value {
	i := t.Sheet.FieldIndex(key)
	if i < 0 || i >= len(r.Values) {
		return Value{}
	}
	return r.Values[i]
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
		n += len(t.Records)
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
