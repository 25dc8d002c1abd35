package workbook

import (
	"reflect"
	"testing"

	"github.com/qianshou/qianshou/internal/schema"
)

// A table split over two sheets knows each record's sheet (by its place in SheetNames) and row —
// blank rows between records, and a sheet read again after another, included — and gives back its
// spare capacity without changing a record.
func TestTablePosAndTrim(t *testing.T) {
	sh := schema.Default().Sheet("funds")
	tb := &Table{Sheet: sh}
	vals := func(year string) []Value {
		out := make([]Value, len(sh.Fields))
		for i := range out {
			out[i] = Value{Raw: year, Typed: year, Status: OK, Col: string(rune('A' + i))}
		}
		return out
	}
	at := [][2]int{{0, 2}, {0, 3}, {0, 4}, {0, 6}, {0, 7}, {1, 2}, {1, 3}, {1, 5}, {1, 6}, {0, 9}, {0, 10}}
	sheets := []string{"资金", "资金（续）"}
	for i, a := range at {
		tb.Append(sheets[a[0]], a[1], vals([]string{"2021", "2022"}[i%2]))
	}
	before := tb.Records()
	tb.trim()
	if got := tb.Records(); !reflect.DeepEqual(got, before) {
		t.Fatalf("trim changed the records:\n got %+v\nwant %+v", got, before)
	}
	if spare := func(n, c int) bool { return c-n > c/8 }; spare(len(tb.cells), cap(tb.cells)) || spare(len(tb.entries), cap(tb.entries)) {
		t.Errorf("trim kept over an eighth spare: cells %d/%d, entries %d/%d", len(tb.cells), cap(tb.cells), len(tb.entries), cap(tb.entries))
	}
	for rec, want := range at {
		if sheet, row := tb.Pos(rec); sheet != want[0] || row != want[1] || tb.SheetNames[sheet] != before[rec].Sheet {
			t.Errorf("Pos(%d) = %d, %d; want %v (%s)", rec, sheet, row, want, before[rec].Sheet)
		}
		if sheet, row := tb.Where(rec); sheet != sheets[want[0]] || row != want[1] {
			t.Errorf("Where(%d) = %s, %d; want %v", rec, sheet, row, want)
		}
	}
	if got := tb.Len(); got != len(at) {
		t.Errorf("Len() = %d, want %d", got, len(at))
	}
}
