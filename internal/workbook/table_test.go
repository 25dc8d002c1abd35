package workbook

import (
	"reflect"
	"testing"

	"github.com/qianshou/qianshou/internal/schema"
)

// A table split over two sheets knows each record's sheet (by its place in SheetNames) and row,
// and gives back its spare capacity without changing a record.
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
	for i := range 9 {
		sheet := "资金"
		if i >= 5 {
			sheet = "资金（续）"
		}
		tb.Append(sheet, 2+i%5, vals([]string{"2021", "2022"}[i%2]))
	}
	before := tb.Records()
	tb.trim()
	if got := tb.Records(); !reflect.DeepEqual(got, before) {
		t.Fatalf("trim changed the records:\n got %+v\nwant %+v", got, before)
	}
	if spare := func(n, c int) bool { return c-n > c/8 }; spare(len(tb.cells), cap(tb.cells)) || spare(len(tb.pos), cap(tb.pos)) {
		t.Errorf("trim kept over an eighth spare: cells %d/%d, pos %d/%d", len(tb.cells), cap(tb.cells), len(tb.pos), cap(tb.pos))
	}
	for i, want := range [][2]int{{0, 2}, {0, 6}, {1, 2}, {1, 5}} {
		rec := []int{0, 4, 5, 8}[i]
		if sheet, row := tb.Pos(rec); sheet != want[0] || row != want[1] || tb.SheetNames[sheet] != before[rec].Sheet {
			t.Errorf("Pos(%d) = %d, %d; want %v (%s)", rec, sheet, row, want, before[rec].Sheet)
		}
	}
}
