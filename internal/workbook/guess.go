package workbook

import (
	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/schema"
)

// kindsByName returns the tables that some sheet of the workbook holds by its name.
func (r *reader) kindsByName(names []string) map[*schema.Sheet]bool {
	claimed := map[*schema.Sheet]bool{}
	for _, name := range names {
		if kind, _ := r.kindOf(name, len(names)); kind != nil {
			claimed[kind] = true
		}
	}
	return claimed
}

// kindByHeaders names the table a sheet holds when its name claims none: officers export
// "Sheet1" from another system, or name the sheet after themselves. Like a CSV, the sheet holds
// the table whose headers its top rows name best — at least minHeaderScore of them — among the
// tables no sheet holds by name. Only the top rows are read to decide.
func (r *reader) kindByHeaders(f *excelize.File, name string, claimed map[*schema.Sheet]bool) *schema.Sheet {
	top := topRows(f, name)
	var best *schema.Sheet
	bestScore := minHeaderScore - 1
	for _, sh := range r.sheets {
		if claimed[sh] {
			continue
		}
		if s := r.columnsOf(sh).bestScore(top); s > bestScore {
			best, bestScore = sh, s
		}
	}
	if best != nil {
		claimed[best] = true
	}
	return best
}

// isAllocationSheet reports whether a sheet of a province workbook is the task-allocation table —
// the ministry's table put among the provinces' workbooks: named as it, and with headers that name
// its columns at least as well as any province table's (a province may call its 结对关系 结对任务).
func (r *reader) isAllocationSheet(f *excelize.File, name string) bool {
	if r.wb.Kind != "province" {
		return false
	}
	for _, alloc := range r.opt.Schema.SheetsOf("allocation") {
		if !sheetMatches(name, sheetNames(alloc)) {
			continue
		}
		top := topRows(f, name)
		score := newColumns(alloc).bestScore(top)
		for _, sh := range r.sheets {
			if r.columnsOf(sh).bestScore(top) > score {
				return false
			}
		}
		return true
	}
	return false
}

// topRows reads the rows of a sheet in which a header may stand (nil when it cannot be read).
func topRows(f *excelize.File, name string) [][]string {
	rows, err := f.Rows(name)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var top [][]string
	for i := 0; i < headerZone && rows.Next(); i++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil
		}
		top = append(top, cells)
	}
	return top
}

// bestScore is how many headers the best of the rows names.
func (c *columns) bestScore(rows [][]string) int {
	best := 0
	for _, row := range rows {
		best = max(best, c.score(row))
	}
	return best
}
