package workbook

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/parse"
	"github.com/qianshou/qianshou/internal/schema"
)

// headerZone: the header row is the first of the top rows that names enough known columns.
const headerZone = 10

// minHeaderScore is how many known columns a row must name to be taken as the header.
const minHeaderScore = 3

// footerMarks start the rows that end a table (after normalisation).
var footerMarks = []string{"合计", "总计", "小计", "填表人", "填报人", "制表人", "审核人", "负责人", "注:", "说明:", "备注:"}

// reader holds what one Read needs across the sheets of a file.
type reader struct {
	wb       *Workbook
	opt      Options
	sheets   []*schema.Sheet
	date1904 bool
	columns  map[string]*columns
	lines    map[string]InfoValue // from label:value lines; the 基本信息 form wins over them
	labels   map[string]*schema.Label
	rows     int
	// sst is the shared-string table for the byte-level row reader, read once per file; sstOK
	// is false when excelize must read the sheets (a table this package does not read as it does).
	sst            []string
	sstRead, sstOK bool
}

func (r *reader) columnsOf(sh *schema.Sheet) *columns {
	if r.columns == nil {
		r.columns = map[string]*columns{}
	}
	c := r.columns[sh.Key]
	if c == nil {
		c = newColumns(sh)
		r.columns[sh.Key] = c
	}
	return c
}

func (r *reader) table(sh *schema.Sheet) *Table {
	t := r.wb.Tables[sh.Key]
	if t == nil {
		t = &Table{Sheet: sh, Columns: map[string][]string{}}
		r.wb.Tables[sh.Key] = t
	}
	return t
}

func (r *reader) problem(p Problem) { r.wb.Problems = append(r.wb.Problems, p) }

func (r *reader) loc(sheet string, row int, col string) Location {
	return Location{File: r.wb.Path, Sheet: sheet, Row: row, Col: col}
}

type bufRow struct {
	row   int
	cells []string
}

// readTable reads one sheet of a kind into its table. It returns the source's error: a sheet that
// could not be read to its end makes the file unreadable.
func (r *reader) readTable(src rowSource, sheet string, kind *schema.Sheet, noCache map[cellPos]bool) error {
	var top []bufRow
	var next *bufRow
	for src.Next() {
		if src.Row() > headerZone+1 {
			next = &bufRow{src.Row(), src.Cells()}
			break
		}
		top = append(top, bufRow{src.Row(), src.Cells()})
	}
	if err := src.Err(); err != nil {
		return err
	}
	cols := r.columnsOf(kind)
	t := r.table(kind)
	h, found := findHeader(cols, top)
	if h == nil {
		for _, b := range top {
			r.labelLine(sheet, b.row, b.cells)
		}
		t.sheetIndex(sheet, make([]string, len(kind.Fields)))
		r.missingColumns(sheet, firstRow(top), kind, make([]int, len(kind.Fields)), found, true)
		return nil
	}
	for _, b := range top[:h.index] {
		r.labelLine(sheet, b.row, b.cells)
	}
	tb := r.newTableBuilder(sheet, kind, t, h, noCache)
	rest := top[h.index+h.height:]
	stopped := false
	for _, b := range rest {
		if stopped = tb.row(b.row, b.cells); stopped {
			break
		}
	}
	if !stopped && next != nil {
		stopped = tb.row(next.row, next.cells)
	}
	for !stopped && next != nil && src.Next() {
		stopped = tb.row(src.Row(), src.Cells())
	}
	r.wb.SheetRows[sheet] += tb.records
	return src.Err()
}

func firstRow(top []bufRow) int {
	if len(top) == 0 {
		return 1
	}
	return top[0].row
}

// header is the header found in the top rows: its position and the text of each column.
type header struct {
	index, height int // index into the top rows; 1 or 2 rows
	row           int // the Excel row of its last line (the one that names the columns)
	texts         []string
}

// findHeader picks the first top row that names enough known columns, as one row or flattened
// with the row below it (a merged group over its sub-headers), whichever names more. Without a
// header it returns the texts of the row that came closest, for the missing-column message.
func findHeader(cols *columns, top []bufRow) (*header, []string) {
	need := min(minHeaderScore, len(cols.sheet.Fields))
	bestScore, best := -1, []string(nil)
	for i, b := range top {
		if b.row > headerZone {
			break
		}
		one := b.cells
		s1 := cols.score(one)
		s2, two := -1, []string(nil)
		if i+1 < len(top) && top[i+1].row == b.row+1 {
			two = flatten(one, top[i+1].cells)
			s2 = cols.score(two)
		}
		if max(s1, s2) > bestScore && len(nonEmpty(one)) > 0 {
			bestScore, best = max(s1, s2), nonEmpty(one)
		}
		switch {
		case s2 > s1 && s2 >= need:
			return &header{index: i, height: 2, row: top[i+1].row, texts: two}, nil
		case s1 >= need:
			return &header{index: i, height: 1, row: b.row, texts: one}, nil
		}
	}
	return nil, best
}

// flatten joins a group header row with the row below: 援派机构 over 名称 reads 援派机构名称. A
// column merged down both rows (序号) keeps its one text. Where merges are unknown (CSV), a group
// reaches right over the sub-headers that follow it.
func flatten(upper, lower []string) []string {
	n := max(len(upper), len(lower))
	out := make([]string, n)
	group := ""
	for c := range n {
		u, l := cellAt(upper, c), cellAt(lower, c)
		switch {
		case u != "" && l != "":
			group = u
		case u == "" && l != "":
			u = group
		default:
			group = ""
		}
		switch {
		case u == l || l == "":
			out[c] = u
		case u == "":
			out[c] = l
		default:
			out[c] = u + l
		}
	}
	return out
}

func cellAt(cells []string, c int) string {
	if c < len(cells) {
		return strings.TrimSpace(cells[c])
	}
	return ""
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if t := parse.Text(c); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// tableBuilder turns the data rows of one sheet into records.
type tableBuilder struct {
	r       *reader
	sheet   string
	kind    *schema.Sheet
	col     []int     // per field: 0-based column, -1 when absent
	letters []string  // per field: column letter, "" when absent
	scale   []float64 // per field: header money unit
	seqCol  int       // the 序号 column: a row with only a number in it is an unfilled template row
	groups  [][]int   // one_of groups, field indexes in schema order
	noCache map[cellPos]bool
	table   *Table
	at      int32 // the sheet's index in the table
	records int   // records added from this sheet
	footer  int   // rows read after a footer row, for label lines
	// memo remembers per field the entry of each raw text seen (nil once a field's values proved
	// not to repeat): most cells repeat a value already typed, and then cost a map lookup.
	memo    []map[string]uint32
	lookups []int
	absent  []uint32 // per field: the entry of a cell of an absent column (built on first use)
}

func (r *reader) newTableBuilder(sheet string, kind *schema.Sheet, t *Table, h *header, noCache map[cellPos]bool) *tableBuilder {
	cols := r.columnsOf(kind)
	n := len(kind.Fields)
	tb := &tableBuilder{r: r, sheet: sheet, kind: kind, col: make([]int, n), letters: make([]string, n),
		scale: make([]float64, n), seqCol: -1, noCache: noCache, table: t}
	for i := range tb.col {
		tb.col[i] = -1
	}
	for c, text := range h.texts {
		if parse.Header(text) == "" {
			continue
		}
		letter, _ := excelize.ColumnNumberToName(c + 1)
		f, scale, ok := cols.match(text)
		if !ok || tb.col[f] >= 0 {
			r.problem(Problem{Code: "unknown-column", Loc: r.loc(sheet, h.row, letter), Header: text,
				Detail: map[string]string{"header": text}})
			continue
		}
		tb.col[f], tb.letters[f], tb.scale[f] = c, letter, scale
	}
	if i := kind.FieldIndex("seq"); i >= 0 {
		tb.seqCol = tb.col[i]
	}
	group := map[string]int{}
	for i, f := range kind.Fields {
		if f.OneOf == "" {
			continue
		}
		g, ok := group[f.OneOf]
		if !ok {
			g = len(tb.groups)
			group[f.OneOf] = g
			tb.groups = append(tb.groups, nil)
		}
		tb.groups[g] = append(tb.groups[g], i)
	}
	r.missingColumns(sheet, h.row, kind, tb.col, nonEmpty(h.texts), false)
	tb.at = int32(t.sheetIndex(sheet, tb.letters))
	tb.memo, tb.lookups, tb.absent = make([]map[string]uint32, n), make([]int, n), make([]uint32, n)
	for i := range tb.memo {
		tb.memo[i] = map[string]uint32{}
		tb.absent[i] = noEntry
	}
	return tb
}

// noEntry marks an entry not made yet.
const noEntry = ^uint32(0)

// memoTrial is how many cells of a field are typed before its memo is judged: a field where fewer
// than one in memoMinHits of them repeated (序号, ID numbers, phone numbers) stops memoising.
const (
	memoTrial   = 2048
	memoMinHits = 8
)

// missingColumns reports each required column that was not found, and each one_of group none of
// whose columns was found (on the group's first field). none says no header was found at all.
func (r *reader) missingColumns(sheet string, row int, kind *schema.Sheet, col []int, found []string, none bool) {
	foundText := strings.Join(found, "、")
	groupSeen := map[string]bool{}
	for i, f := range kind.Fields {
		present := !none && col[i] >= 0
		missing := f.Required && !present
		if f.OneOf != "" && !groupSeen[f.OneOf] {
			groupSeen[f.OneOf] = true
			missing = true
			for j, g := range kind.Fields {
				if g.OneOf == f.OneOf && !none && col[j] >= 0 {
					missing = false
				}
			}
		}
		if missing {
			r.problem(Problem{Code: "missing-column", Loc: r.loc(sheet, row, ""), Field: f.Key, Header: f.Header,
				Detail: map[string]string{"found": foundText}})
		}
	}
}

// row takes one data row; it reports whether the table ended (a footer row).
func (tb *tableBuilder) row(row int, cells []string) (stop bool) {
	if tb.footer > 0 {
		tb.r.labelLine(tb.sheet, row, cells)
		tb.footer++
		return tb.footer > headerZone
	}
	first := ""
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			first = c
			break
		}
	}
	if first == "" || !hasData(cells, tb.seqCol) {
		return false
	}
	if isFooter(first) {
		tb.r.labelLine(tb.sheet, row, cells)
		tb.footer = 1
		return false
	}
	tb.record(row, cells)
	tb.records++
	if tb.r.opt.Progress != nil {
		tb.r.rows++
		if tb.r.rows%1000 == 0 {
			tb.r.opt.Progress(tb.r.rows)
		}
	}
	return false
}

func hasData(cells []string, seqCol int) bool {
	for c, v := range cells {
		if c != seqCol && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

func isFooter(first string) bool {
	h := parse.Compact(first)
	for _, m := range footerMarks {
		if strings.HasPrefix(h, m) {
			return true
		}
	}
	return false
}

// record appends one data row to the table.
func (tb *tableBuilder) record(row int, cells []string) {
	t := tb.table
	first := len(t.cells)
	for i := range tb.kind.Fields {
		c := tb.col[i]
		if c < 0 {
			if tb.absent[i] == noEntry {
				v := Value{Status: Absent, Typed: defaultValue(&tb.kind.Fields[i])}
				if v.Typed != nil {
					v.Status = OK
				}
				tb.absent[i] = t.addEntry(v)
			}
			t.cells = append(t.cells, tb.absent[i])
			continue
		}
		raw := ""
		if c < len(cells) {
			raw = cells[c]
		}
		t.cells = append(t.cells, tb.cell(i, row, c, raw))
	}
	t.addPos(tb.at, int32(row))
	for _, g := range tb.groups {
		tb.checkGroup(row, t.cells[first:], g)
	}
}

// cell types one cell of field i into an entry: one seen before in the column when its text was,
// and it raised no problem (a problem is reported at every cell that has it).
func (tb *tableBuilder) cell(i, row, c int, raw string) uint32 {
	memo := tb.memo[i]
	if memo != nil {
		if tb.lookups[i]++; tb.lookups[i] == memoTrial && len(memo) > memoTrial-memoTrial/memoMinHits {
			tb.memo[i], memo = nil, nil
		}
	}
	cached := memo != nil && !tb.noCache[cellPos{row, c + 1}]
	if cached {
		if id, ok := memo[raw]; ok {
			return id
		}
	}
	problems := len(tb.r.wb.Problems)
	id := tb.table.addEntry(tb.value(&tb.kind.Fields[i], tb.letters[i], row, c, raw, tb.scale[i]))
	if cached && len(tb.r.wb.Problems) == problems {
		memo[raw] = id
	}
	return id
}

// wanYuan is the scale of a money column whose header says 万元.
const wanYuan = 10000

// value types one cell and reports what is wrong with it.
func (tb *tableBuilder) value(f *schema.Field, letter string, row, c int, raw string, scale float64) Value {
	loc := tb.r.loc(tb.sheet, row, letter)
	trimmed := strings.TrimSpace(raw)
	switch {
	case tb.noCache[cellPos{row, c + 1}]:
		tb.invalid(f, loc, raw, scale, "公式没有计算结果（缓存值），无法取值。请在 Excel 或 WPS 中打开文件、重新计算并保存，或把公式改为数值。",
			"the formula has no calculated (cached) value. Open the file in Excel or WPS, recalculate and save, or replace the formula by its value.")
		return Value{Raw: raw, Status: Invalid, Col: letter}
	case trimmed == "":
		v := Value{Raw: raw, Status: Empty, Col: letter, Typed: defaultValue(f)}
		if v.Typed != nil {
			v.Status = OK
		} else if f.Required {
			tb.r.problem(Problem{Code: "missing-value", Loc: loc, Field: f.Key, Header: f.Header})
		}
		return v
	case excelErrors[trimmed]:
		tb.invalid(f, loc, raw, scale, "单元格是错误值 "+trimmed+"（公式出错），请修正公式或直接填写数值。",
			"the cell holds the error value "+trimmed+" (a failed formula); fix the formula or type the value.")
		return Value{Raw: raw, Status: Invalid, Col: letter}
	}
	v, ok := convert(f, raw, scale, tb.r.date1904)
	v.Col = letter
	if !ok {
		zh, en := "", ""
		if f.Type == schema.Date {
			if t, parsed := parse.Date(raw, tb.r.date1904); parsed {
				zh = "日期 " + t.Format("2006-01-02") + " 不在 2000—2035 年之间，请核对。"
				en = "the date " + t.Format("2006-01-02") + " is not between 2000 and 2035; check it."
			}
		}
		tb.invalid(f, loc, raw, scale, zh, en)
	}
	return v
}

// invalid reports a value that does not parse; scale is the column's header unit (万元 = 10000),
// which the example must be written in: 30000 in a 万元 column would mean 3亿元.
func (tb *tableBuilder) invalid(f *schema.Field, loc Location, raw string, scale float64, reason, reasonEn string) {
	d := map[string]string{"example": examples[f.Type], "type": string(f.Type)}
	if n, ok := typeNames[f.Type]; ok {
		d["type_name"], d["type_name_en"] = n[0], n[1]
	}
	if f.Type == schema.Money && scale == wanYuan {
		d["example"] = "3"
		if reason == "" {
			reason, reasonEn = "本列表头的单位是万元，请填写以万元计的数", "the column's header says 万元 (units of 10,000 yuan): give the amount in 万元"
		}
	}
	if reason != "" {
		d["reason"], d["reason_en"] = reason, reasonEn
	}
	tb.r.problem(Problem{Code: "invalid-value", Loc: loc, Field: f.Key, Header: f.Header, Raw: raw, Detail: d})
}

// checkGroup reports a one_of group whose present columns are all empty, on its first field;
// cells are the record's entry ids.
func (tb *tableBuilder) checkGroup(row int, cells []uint32, g []int) {
	col := ""
	for _, i := range g {
		if st := tb.table.entries[cells[i]].status; st != Empty && st != Absent {
			return
		}
		if col == "" {
			col = tb.letters[i]
		}
	}
	if col == "" {
		return // no column of the group: missing-column said so
	}
	f := tb.kind.Fields[g[0]]
	tb.r.problem(Problem{Code: "missing-value", Loc: tb.r.loc(tb.sheet, row, col), Field: f.Key, Header: f.Header})
}
