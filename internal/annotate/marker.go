package annotate

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/result"
)

// fills are the background colours of a marked cell: light tints, so the value stays readable.
var fills = map[result.Severity]string{
	result.Error:   "FFC7CE",
	result.Warning: "FFEB9C",
	result.Info:    "BDD7EE",
}

// target is one cell of the workbook.
type target struct{ sheet, cell string }

// marker gathers the violations per cell, then fills and comments each cell once.
type marker struct {
	f      *excelize.File
	t      *texts
	sheets map[string]string // lower-case name → name as in the workbook
	merged map[string][]excelize.MergeCell
	marks  map[target][]*result.Violation
	order  []target // cells in the order first marked, for deterministic output
	styles map[styleKey]int
	// comments are the input's comments, sheet → cell → text, read when first needed.
	comments map[string]map[string]string
	// at is the cell each violation was marked at (absent: it is about no cell of this workbook).
	at map[*result.Violation]target
}

type styleKey struct {
	base int
	sev  result.Severity
}

func newMarker(f *excelize.File, t *texts) *marker {
	m := &marker{
		f: f, t: t,
		sheets:   map[string]string{},
		merged:   map[string][]excelize.MergeCell{},
		marks:    map[target][]*result.Violation{},
		styles:   map[styleKey]int{},
		comments: map[string]map[string]string{},
		at:       map[*result.Violation]target{},
	}
	for _, s := range f.GetSheetList() {
		m.sheets[strings.ToLower(s)] = s
	}
	return m
}

// add records where v is marked: its cell, or for a group violation (no column) column A of the
// row that defines the group. A cell inside a merged range is marked at the range's first cell,
// the only one Excel shows.
func (m *marker) add(v *result.Violation) {
	sheet, ok := m.sheets[strings.ToLower(v.Sheet)]
	if !ok || v.Row <= 0 {
		return
	}
	col := v.Column
	if col == "" {
		col = "A"
	}
	cell := col + strconv.Itoa(v.Row)
	if _, _, err := excelize.CellNameToCoordinates(cell); err != nil {
		return
	}
	cell = m.mergeStart(sheet, cell)
	at := target{sheet, cell}
	if _, seen := m.marks[at]; !seen {
		m.order = append(m.order, at)
	}
	m.marks[at] = append(m.marks[at], v)
	m.at[v] = at
}

func (m *marker) mergeStart(sheet, cell string) string {
	ranges, ok := m.merged[sheet]
	if !ok {
		ranges, _ = m.f.GetMergeCells(sheet, true)
		m.merged[sheet] = ranges
	}
	c, r, _ := excelize.CellNameToCoordinates(cell)
	for _, mc := range ranges {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 == nil && err2 == nil && c >= c1 && c <= c2 && r >= r1 && r <= r2 {
			return mc.GetStartAxis()
		}
	}
	return cell
}

// apply fills and comments every marked cell.
func (m *marker) apply() error {
	for _, at := range m.order {
		vs := m.marks[at]
		if sev := worst(vs); sev != "" {
			if err := m.fill(at, sev); err != nil {
				return err
			}
		}
		if err := m.comment(at, vs); err != nil {
			return err
		}
	}
	return nil
}

// worst is the highest severity among the violations not waived ("" when all are waived: an
// accepted exception is explained in the comment but not painted as a fault).
func worst(vs []*result.Violation) result.Severity {
	var w result.Severity
	for _, v := range vs {
		if v.Waived == nil && v.Severity.Rank() > w.Rank() {
			w = v.Severity
		}
	}
	return w
}

// fill sets the cell's background, keeping its font, border, alignment and number format: the fill
// is merged into a copy of the cell's style.
func (m *marker) fill(at target, sev result.Severity) error {
	colour, ok := fills[sev]
	if !ok {
		return nil
	}
	base, err := m.f.GetCellStyle(at.sheet, at.cell)
	if err != nil {
		return err
	}
	key := styleKey{base, sev}
	id, ok := m.styles[key]
	if !ok {
		st, err := m.f.GetStyle(base)
		if err != nil {
			// A workbook without cell formats (some producers omit them) has no style to keep.
			st = &excelize.Style{}
		}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
		if id, err = m.f.NewStyle(st); err != nil {
			return err
		}
		m.styles[key] = id
	}
	return m.f.SetCellStyle(at.sheet, at.cell, at.cell, id)
}

// comment puts the messages of every violation at the cell into one comment, after the text of a
// comment the cell already had.
func (m *marker) comment(at target, vs []*result.Violation) error {
	var b strings.Builder
	existing, had, err := m.existingComment(at)
	if err != nil {
		return err
	}
	if had {
		if existing != "" {
			b.WriteString(existing)
			b.WriteString("\n\n")
		}
		if err := m.f.DeleteComment(at.sheet, at.cell); err != nil {
			return err
		}
	}
	for i, v := range vs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(m.t.headline(v))
		b.WriteString("\n")
		b.WriteString(v.Message)
	}
	text := b.String()
	return m.f.AddComment(at.sheet, excelize.Comment{
		Cell: at.cell, Author: m.t.author, Text: text,
		Width: 300, Height: commentHeight(text),
	})
}

// commentHeight grows the comment box with its text so that a long message is not cut off.
func commentHeight(text string) uint {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += 1 + len([]rune(l))/24 // about 24 CJK characters fit on a line of 300 px
	}
	return uint(min(20+16*lines, 600))
}

// existingComment is the text of the comment the cell had in the input, if any. The sheet's
// comments are read once.
func (m *marker) existingComment(at target) (text string, had bool, err error) {
	byCell, ok := m.comments[at.sheet]
	if !ok {
		cs, err := m.f.GetComments(at.sheet)
		if err != nil {
			return "", false, err
		}
		byCell = map[string]string{}
		for _, c := range cs {
			text := c.Text
			if text == "" {
				var b strings.Builder
				for _, r := range c.Paragraph {
					b.WriteString(r.Text)
				}
				text = b.String()
			}
			byCell[strings.ToUpper(c.Cell)] = text
		}
		m.comments[at.sheet] = byCell
	}
	text, had = byCell[at.cell]
	return text, had, nil
}

// headline is "[错误] rule-id 标题", with the waiver's reason when waived.
func (t *texts) headline(v *result.Violation) string {
	h := "[" + t.severityName(v.Severity)
	if v.Waived != nil {
		h += " · " + t.waived + ": " + v.Waived.Reason
	}
	return h + "] " + v.Rule + " " + v.Title
}
