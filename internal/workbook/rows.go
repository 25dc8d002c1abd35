package workbook

// rowSource yields the rows of one sheet, top down. Cells are indexed by column (0 = A) and may
// be shorter than the widest row; a source may skip empty rows.
type rowSource interface {
	Next() bool
	Row() int // 1-based, as Excel shows it
	Cells() []string
	Err() error
}

// maxMergeFill bounds how far right a merged range is filled: a title merged across A1:XFD1 must
// not grow every row to 16,384 cells.
const maxMergeFill = 512

// mergedRows fills every cell of a merged range with the range's top-left value, so a vertically
// merged 援派机构名称 reaches each of its rows and a group header reaches each of its columns.
type mergedRows struct {
	rowSource
	pending []mergeRange // sorted by top row, not yet reached
	active  []mergeRange
	cells   []string
}

func withMerges(src rowSource, merges []mergeRange) rowSource {
	if len(merges) == 0 {
		return src
	}
	return &mergedRows{rowSource: src, pending: merges}
}

func (m *mergedRows) Next() bool {
	if !m.rowSource.Next() {
		return false
	}
	row, cells := m.Row(), m.rowSource.Cells()
	kept := m.active[:0]
	for _, a := range m.active {
		if a.r2 >= row {
			kept = append(kept, a)
		}
	}
	m.active = kept
	for len(m.pending) > 0 && m.pending[0].r1 <= row {
		a := m.pending[0]
		m.pending = m.pending[1:]
		if a.r2 < row {
			continue
		}
		if a.r1 == row && a.c1-1 < len(cells) {
			a.val = cells[a.c1-1]
		}
		m.active = append(m.active, a)
	}
	for _, a := range m.active {
		if a.val == "" {
			continue
		}
		last := min(a.c2, max(a.c1, len(cells))+maxMergeFill)
		for c := a.c1; c <= last; c++ {
			for len(cells) < c {
				cells = append(cells, "")
			}
			if cells[c-1] == "" {
				cells[c-1] = a.val
			}
		}
	}
	m.cells = cells
	return true
}

func (m *mergedRows) Cells() []string { return m.cells }
