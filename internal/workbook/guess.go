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
	var best *schema.Sheet
	bestScore := minHeaderScore - 1
	for _, sh := range r.sheets {
		if claimed[sh] {
			continue
		}
		cols := r.columnsOf(sh)
		for _, row := range top {
			if s := cols.score(row); s > bestScore {
				best, bestScore = sh, s
			}
		}
	}
	if best != nil {
		claimed[best] = true
	}
	return best
}
