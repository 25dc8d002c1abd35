package annotate

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/result"
)

// writeResultsSheet adds the list of violations as the workbook's first, active sheet.
func writeResultsSheet(f *excelize.File, vs []result.Violation, m *marker, t *texts) error {
	name := freeSheetName(f, t.sheet)
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := moveFirst(f, name); err != nil {
		return err
	}
	f.SetActiveSheet(0)

	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	last := cellName(len(t.headers), 1)
	for i, h := range t.headers {
		if err := f.SetCellStr(name, cellName(i+1, 1), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(name, "A1", last, st.header); err != nil {
		return err
	}
	for i := range vs {
		if err := writeViolationRow(f, name, i+2, &vs[i], m, t, st); err != nil {
			return err
		}
	}
	for i, width := range []float64{10, 24, 30, 50, 18, 24, 24} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	}); err != nil {
		return err
	}
	if err := f.AutoFilter(name, "A1:"+cellName(len(t.headers), len(vs)+1), nil); err != nil {
		return err
	}
	return fitToPageWidth(f, name) // after AutoFilter, which replaces the sheet's properties
}

// sheetStyles are the styles of the results sheet: a data cell wraps and sits at the top, a
// severity is filled like the cells it marks, a location is a blue underlined link.
type sheetStyles struct {
	header, cell, link int
	severity           map[result.Severity]int
}

func newSheetStyles(f *excelize.File) (*sheetStyles, error) {
	top := &excelize.Alignment{WrapText: true, Vertical: "top"}
	st := &sheetStyles{severity: map[result.Severity]int{}}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
	}); err != nil {
		return nil, err
	}
	if st.cell, err = f.NewStyle(&excelize.Style{Alignment: top}); err != nil {
		return nil, err
	}
	if st.link, err = f.NewStyle(&excelize.Style{Alignment: top, Font: &excelize.Font{Color: "1265BE", Underline: "single"}}); err != nil {
		return nil, err
	}
	for _, sev := range []result.Severity{result.Error, result.Warning, result.Info} { // fixed order: same bytes
		if st.severity[sev], err = f.NewStyle(&excelize.Style{
			Alignment: top, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[sev]}},
		}); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// fitToPageWidth prints the sheet landscape, all columns on one page width.
func fitToPageWidth(f *excelize.File, sheet string) error {
	landscape, one, unlimited, on := "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &on}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &unlimited})
}

// writeViolationRow writes one violation. Every value is set as a string cell, so a submitter's
// "=HYPERLINK(…)" stays text and never becomes a formula.
func writeViolationRow(f *excelize.File, sheet string, row int, v *result.Violation, m *marker, t *texts, st *sheetStyles) error {
	waiver := ""
	if v.Waived != nil {
		waiver = v.Waived.Reason
		if v.Waived.Expires != "" {
			waiver += " (" + v.Waived.Expires + ")"
		}
	}
	at, marked := m.at[v]
	where := t.wholeFile
	switch {
	case marked:
		where = at.sheet + "!" + at.cell
	case v.Sheet != "":
		where = v.Sheet
	}
	for i, s := range []string{t.severityName(v.Severity), v.Rule, v.Title, v.Message, where, v.Value, waiver} {
		if err := f.SetCellStr(sheet, cellName(i+1, row), s); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, cellName(1, row), cellName(len(t.headers), row), st.cell); err != nil {
		return err
	}
	if id, ok := st.severity[v.Severity]; ok && v.Waived == nil {
		if err := f.SetCellStyle(sheet, cellName(1, row), cellName(1, row), id); err != nil {
			return err
		}
	}
	if !marked || row-2 >= excelize.TotalSheetHyperlinks { // past Excel's limit the text stays, unlinked
		return nil
	}
	cell := cellName(5, row)
	if err := f.SetCellHyperLink(sheet, cell, quoteSheet(at.sheet)+"!"+at.cell, "Location"); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, cell, cell, st.link)
}

// moveFirst makes name the first sheet. Excel ties sheet-scoped defined names (print areas, the
// filter ranges of the original sheets) to a sheet's position, and excelize does not shift them
// when a sheet moves, so they are taken out and put back by sheet name around the move.
func moveFirst(f *excelize.File, name string) error {
	first := f.GetSheetName(0)
	if first == name {
		return nil
	}
	var scoped []excelize.DefinedName
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			scoped = append(scoped, dn)
			if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
				return err
			}
		}
	}
	if err := f.MoveSheet(name, first); err != nil {
		return err
	}
	for i := range scoped {
		if err := f.SetDefinedName(&scoped[i]); err != nil {
			return err
		}
	}
	return nil
}

// freeSheetName is want, or want (2), (3)… when the workbook already has a sheet of that name.
func freeSheetName(f *excelize.File, want string) string {
	taken := map[string]bool{}
	for _, s := range f.GetSheetList() {
		taken[strings.ToLower(s)] = true
	}
	name := want
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = want + " (" + strconv.Itoa(n) + ")"
	}
	return name
}

// quoteSheet writes a sheet name as a formula reference does: 'name', with ' doubled.
func quoteSheet(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}
