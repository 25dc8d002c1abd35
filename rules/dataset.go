package rules

import (
	"hash/maphash"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/vm"

	"github.com/qianshou/qianshou/internal/ident"
	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/qianshou/qianshou/internal/workbook"
)

// source is where a row of a view was written: a record of a sheet, a workbook's 报送日期 cell, or
// a file. A sheet row holds one: it is kept small.
type source struct {
	// tab is the record's table; for a source that is a file or its 报送日期 cell, a tableInfo with
	// only its book
	tab        *tableInfo
	rec        int32 // the record's index in tab.table
	reportDate bool  // the source is the book's 报送日期 cell (Info["report_date"])
}

// fileSource is a source that is a whole file (set reportDate for its 报送日期 cell).
func fileSource(b *workbook.Workbook) *source {
	return &source{tab: &tableInfo{book: b}}
}

func (s *source) loc() workbook.Location {
	switch {
	case s.tab.table != nil:
		sheet, row := s.tab.table.Where(int(s.rec))
		return workbook.Location{File: s.tab.book.Path, Sheet: sheet, Row: row}
	case s.reportDate:
		iv := s.tab.book.Info["report_date"]
		loc := iv.Loc
		if loc.Col == "" {
			loc.Col = iv.Value.Col
		}
		return loc
	}
	return workbook.Location{File: s.tab.book.Path}
}

// cellOf returns the column letter and the text as written of a field of the source's record.
func (s *source) cellOf(field string) (col, raw string, present bool) {
	if s.tab.table == nil {
		if !s.reportDate {
			return "", "", false
		}
		col := s.loc().Col
		return col, s.tab.book.Info["report_date"].Value.Raw, col != ""
	}
	v := s.tab.table.Get(int(s.rec), field)
	return v.Col, v.Raw, s.tab.table.HasColumn(field) && v.Status != workbook.Absent
}

func (s *source) ref() result.Ref {
	l := s.loc()
	return result.Ref{File: base(l.File), Sheet: l.Sheet, Row: l.Row}
}

// dataset is one batch joined: every view of views.go built over all workbooks.
type dataset struct {
	opt      Options
	params   map[string]any
	layouts  map[string]*layout
	books    []*workbook.Workbook // province workbooks by path, then the allocation workbook
	alloc    *workbook.Workbook
	facts    map[string]FileFacts
	views    map[string][]*row
	stores   []*values // the stored fields of the tables and the pairs, sealed once built
	coverage []result.Coverage
	// otherYear holds the rows left out by --year, so that their reader problems are too
	otherYear map[workbook.Location]bool
	// lastName is the last org name normalised, and its normal form
	lastName [2]string
}

func base(path string) string { return filepath.Base(path) }

func newDataset(rs *RuleSet, books []*workbook.Workbook, alloc *workbook.Workbook, opt Options) *dataset {
	d := &dataset{opt: opt, params: rs.params, layouts: rs.layouts, alloc: alloc, facts: map[string]FileFacts{},
		views: map[string][]*row{}, otherYear: map[workbook.Location]bool{}}
	sorted := append([]*workbook.Workbook(nil), books...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	d.books = sorted
	if alloc != nil {
		d.books = append(d.books, alloc)
	}
	for bi, b := range d.books {
		d.readBook(bi, b)
	}
	for _, b := range sorted {
		d.facts[b.Path] = d.bookFacts(b)
	}
	d.enrichPairings()
	d.buildFiles(sorted)
	d.buildPairs()
	d.buildPeople("workers", "dispatch_org", "dispatch_name")
	d.buildPeople("trainees", "recipient_org", "recipient_name")
	d.joinFunds()
	d.enrichLogsStations()
	d.buildTasks()
	d.buildCountyYears()
	d.derive(rs)
	for _, v := range d.stores {
		v.seal()
	}
	return d
}

// readBook turns the records of every table of a workbook into rows of the view over that sheet.
// A view's rows, their sources and values are allocated together, one block per table.
func (d *dataset) readBook(bi int, b *workbook.Workbook) {
	if b.Unreadable {
		return
	}
	var reportDate any
	if iv, ok := b.Info["report_date"]; ok {
		reportDate = iv.Value.Typed
	}
	var province any
	if iv, ok := b.Info["province"]; ok {
		province = iv.Value.Typed
	}
	sheetIdx := map[string]int{}
	for i, s := range b.Sheets {
		sheetIdx[s] = i
	}
	var file any = base(b.Path)
	for _, key := range sortedKeys(b.Tables) {
		t := b.Tables[key]
		lay := d.layouts[key]
		if lay == nil || t.Len() == 0 {
			continue
		}
		var table any = key
		yearAt, idAt := t.Sheet.FieldIndex("year"), -1
		for fi, f := range t.Sheet.Fields {
			if f.Type == schema.IDNumber {
				idAt = fi
			}
		}
		width := lay.stored
		n := t.Len()
		tab := &tableInfo{lay: lay, book: b, table: t, name: key, file: file, key: table, province: province, reportDate: reportDate,
			idAt: idAt, fields: alignment(t.Sheet, lay), bookAt: int32(bi)}
		for _, name := range t.SheetNames {
			tab.sheetAt = append(tab.sheetAt, int32(sheetIdx[name]))
		}
		rows := make([]row, n)
		tab.vals = newValues(n, width)
		d.stores = append(d.stores, tab.vals)
		d.views[key] = slices.Grow(d.views[key], n)
		k := 0
		for ri := range n {
			if d.opt.Year != 0 && yearAt >= 0 {
				if y, ok := t.Typed(ri, yearAt).(int); ok && y != d.opt.Year {
					recSheet, recRow := t.Where(ri)
					d.otherYear[workbook.Location{File: b.Path, Sheet: recSheet, Row: recRow}] = true
					continue
				}
			}
			r := &rows[k]
			r.src = source{tab: tab, rec: int32(ri)}
			d.views[key] = append(d.views[key], r)
			k++
		}
	}
}

// tableInfo is what the rows of one table share: their layout, the fields computed from their file
// and record. The rows of a built view point at one too, which holds what each has (built).
type tableInfo struct {
	lay                  *layout
	built                []builtInfo // a built view's rows', by row number (rec); nil for a table
	book                 *workbook.Workbook
	table                *workbook.Table
	name                 string
	file, key            any // file name and table key, boxed once
	province, reportDate any
	idAt                 int // the index of the ID number field, or -1
	// fields maps the layout's sheet slots to the table's field indexes when the table was read
	// with another schema (-1: the table has no such field); nil when they are the same
	fields []int
	// bookAt is the book's place in the run order, sheetAt the place in its book of each sheet of
	// the table (by Table.Pos): with the record's row, a row's run order
	bookAt  int32
	sheetAt []int32
	// vals are the stored fields of its records, lay.stored per record, by record index
	vals *values
	// groups are the person's and the org's group of each record of a workers or trainees table,
	// by index into people.all, -1 for a group of one row (buildPeople); nil for the other tables
	groups [][2]int32
	people *peopleGroups
}

// typed returns sheet slot s of record ri.
func (t *tableInfo) typed(ri, s int) any {
	if t.fields != nil {
		if s >= len(t.fields) {
			return nil
		}
		s = t.fields[s]
	}
	return t.table.Typed(ri, s)
}

// computedFields are the fields of a sheet view's rows computed when read, not stored per row.
func computedFields(view string) map[string]func(r *row) any {
	out := maps.Clone(sheetComputed)
	switch view {
	case "workers", "trainees":
		maps.Copy(out, peopleComputed)
	case "logs":
		out["person"] = func(r *row) any { return "id:" + display(r.get("id_number"), "en") }
	}
	return out
}

var sheetComputed = map[string]func(r *row) any{
	"file":          func(r *row) any { return r.src.tab.file },
	"table":         func(r *row) any { return r.src.tab.key },
	"file_province": func(r *row) any { return r.src.tab.province },
	"report_date":   func(r *row) any { return r.src.tab.reportDate },
	"id_numeric": func(r *row) any {
		if at := r.src.tab.idAt; at >= 0 {
			return r.src.tab.table.Value(int(r.src.rec), at).Numeric
		}
		return nil
	},
	"row_key": rowKey,
}

// rowKey identifies a record by its file, table and typed values but 序号 (duplicate-row compares them).
func rowKey(r *row) any {
	var h rowHash
	h.start(r.src.tab.book.Path, r.src.tab.name)
	for fi, f := range r.src.tab.table.Sheet.Fields {
		if f.Key == "seq" {
			continue
		}
		h.add(r.src.tab.table.Value(int(r.src.rec), fi))
	}
	return h.sum()
}

// alignment maps the layout's sheet slots to a table's field indexes when they differ (a table
// read with another schema); nil when they are the same.
func alignment(sh *schema.Sheet, lay *layout) []int {
	same := len(sh.Fields) == lay.nrec
	for fi, f := range sh.Fields {
		same = same && lay.names[fi] == f.Key
	}
	if same {
		return nil
	}
	out := make([]int, lay.nrec)
	for s := range out {
		out[s] = sh.FieldIndex(lay.names[s])
	}
	return out
}

// rowHash identifies a record by its file, table and typed values (duplicate-row compares them).
type rowHash struct {
	h      maphash.Hash
	buf    []byte
	seeded bool
}

var rowSeed = maphash.MakeSeed()

func (r *rowHash) start(file, table string) {
	if !r.seeded {
		r.h.SetSeed(rowSeed)
		r.seeded = true
	}
	r.h.Reset()
	r.h.WriteString(file)
	r.h.WriteByte(0x1f)
	r.h.WriteString(table)
}

func (r *rowHash) add(v workbook.Value) {
	r.buf = r.buf[:0]
	switch x := v.Typed.(type) {
	case nil:
		r.buf = append(append(r.buf, 'r'), v.Raw...)
	case string:
		r.buf = append(append(r.buf, 's'), x...)
	case int:
		r.buf = strconv.AppendInt(append(r.buf, 'i'), int64(x), 10)
	case float64:
		r.buf = strconv.AppendFloat(append(r.buf, 'f'), x, 'g', -1, 64)
	case time.Time:
		r.buf = x.AppendFormat(append(r.buf, 'd'), "2006-01-02")
	default:
		r.buf = append(append(r.buf, 'o'), display(x, "en")...)
	}
	r.buf = append(r.buf, 0x1f)
	r.h.Write(r.buf)
}

func (r *rowHash) sum() uint64 { return r.h.Sum64() }

// bookFacts finds a province workbook's province and side (rules.md "A workbook's province and side").
func (d *dataset) bookFacts(b *workbook.Workbook) FileFacts {
	var f FileFacts
	if iv, ok := b.Info["province"]; ok {
		f.Province, _ = iv.Value.Typed.(string)
	}
	var rows []*row
	for _, r := range d.views["pairings"] {
		if r.anchor(0).tab.book == b {
			rows = append(rows, r)
		}
	}
	if f.Province == "" {
		dp, rp := common(rows, "dispatch_province"), common(rows, "recipient_province")
		f.Province = dp
		if dp == "" || rp != "" && rp != dp && namesProvince(b, rp) && !namesProvince(b, dp) {
			// Every row shares both provinces (a recipient province with one partner): the one
			// its 填报单位 or file name names is the workbook's, else the dispatching one.
			f.Province = rp
		}
	}
	if f.Province == "" {
		return f
	}
	var dispatches, receives bool
	for _, r := range rows {
		dispatches = dispatches || r.get("dispatch_province") == any(f.Province)
		receives = receives || r.get("recipient_province") == any(f.Province)
	}
	switch {
	case dispatches && receives:
		f.Side = "both"
	case dispatches:
		f.Side = "dispatch"
	case receives:
		f.Side = "recipient"
	}
	return f
}

// namesProvince reports whether a workbook's 填报单位 or file name names a province.
func namesProvince(b *workbook.Workbook, province string) bool {
	p, ok := reference.LookupProvince(province)
	if !ok {
		return false
	}
	hint := base(b.Path)
	if iv, ok := b.Info["unit"]; ok {
		hint += " " + iv.Value.Raw
	}
	return strings.Contains(hint, p.Name) || strings.Contains(hint, p.Short)
}

// common returns the value of a field shared by every row ("" when they differ or none has it).
func common(rows []*row, field string) string {
	out := ""
	for _, r := range rows {
		s := r.str(field)
		if s == "" {
			continue
		}
		if out != "" && s != out {
			return ""
		}
		out = s
	}
	return out
}

var nameFolder = strings.NewReplacer(" ", "", "\u3000", "", "\t", "", "\n", "", "（", "(", "）", ")")

// normName folds an organisation name for matching: no spaces, half-width parentheses.
func normName(v any) string {
	s, _ := v.(string)
	if !strings.ContainsAny(s, " \u3000\t\n（）") {
		return s
	}
	return nameFolder.Replace(s)
}

// orgName is normName, remembering the last name: consecutive rows of one org share one string.
func (d *dataset) orgName(v any) string {
	s, _ := v.(string)
	if s != d.lastName[0] { // rows of one org come together
		d.lastName = [2]string{s, normName(s)}
	}
	return d.lastName[1]
}

// orgCodes knows the credit codes the batch gives each org name, so that an org is one org
// across files whether a file gives its code, leaves it out or mistypes it.
type orgCodes map[string]string // normalised name → its one valid code ("" when it has several)

func (oc orgCodes) add(name string, code any) {
	c, _ := code.(string)
	if c == "" || ident.CheckCreditCode(c) != "" {
		return
	}
	if old, seen := oc[name]; seen && old != c {
		c = ""
	}
	oc[name] = c
}

// id is how an org is known: its valid credit code; else the one valid code the batch gives its
// name; else its normalised name.
func (oc orgCodes) id(name string, code any) string {
	if c, ok := code.(string); ok && c != "" && ident.CheckCreditCode(c) == "" {
		return "code:" + c
	}
	if c := oc[name]; c != "" {
		return "code:" + c
	}
	return "name:" + name
}

func (d *dataset) counties() *reference.Counties {
	if d.opt.Counties != nil {
		return d.opt.Counties
	}
	return reference.DefaultCounties()
}

// enrichPairings adds the implied mode, the key-county facts and org identities to every pairing row.
func (d *dataset) enrichPairings() {
	cs := d.counties()
	codes := orgCodes{}
	for _, r := range d.views["pairings"] {
		dp, rp := r.str("dispatch_province"), r.str("recipient_province")
		r.set("implied_mode", impliedMode(dp, rp))
		county, code, key, elsewhere := countyFacts(cs, rp, r.str("recipient_county"))
		r.set("county", county)
		r.set("county_code", code)
		r.set("key_county", key)
		r.set("county_provinces", elsewhere)
		dn, rn := d.orgName(r.get("dispatch_org")), d.orgName(r.get("recipient_org"))
		r.set("dispatch_name", dn)
		r.set("recipient_name", rn)
		codes.add(dn, r.get("dispatch_org_code"))
		codes.add(rn, r.get("recipient_org_code"))
	}
	for _, r := range d.views["pairings"] {
		r.set("dispatch_id", codes.id(r.str("dispatch_name"), r.get("dispatch_org_code")))
		r.set("recipient_id", codes.id(r.str("recipient_name"), r.get("recipient_org_code")))
	}
}

func impliedMode(dp, rp string) any {
	switch {
	case dp == "" || rp == "":
		return nil
	case dp == rp:
		return "省内帮扶"
	}
	return "跨省帮扶"
}

// countyFacts looks a county up under its province: the canonical name and code when it is a key
// county there; else the name as written and the provinces where that name is a key county.
func countyFacts(cs *reference.Counties, province, name string) (county, code any, key bool, elsewhere []any) {
	if name == "" {
		return nil, nil, false, nil
	}
	if c, ok := cs.Lookup(province, name); ok && province != "" {
		return c.Name, c.Code, true, nil
	}
	seen := map[string]bool{}
	for _, c := range cs.Find(name) {
		if !seen[c.Province] {
			seen[c.Province] = true
			elsewhere = append(elsewhere, c.Province)
		}
	}
	return name, nil, false, elsewhere
}

// sides says which side(s) of a pairing a row's workbook reports for: a file of the dispatching
// province answers for the 援派机构, one of the recipient province for the 受援机构 and the county;
// a file whose province is unknown or neither answers for both.
func (d *dataset) sides(r *row) (dispatch, recipient bool) {
	p := d.facts[r.anchor(0).tab.book.Path].Province
	dispatch = p != "" && r.get("dispatch_province") == any(p)
	recipient = p != "" && r.get("recipient_province") == any(p)
	if !dispatch && !recipient {
		return true, true
	}
	return dispatch, recipient
}

type pairAcc struct {
	d, r  *row
	first *row
}

// buildPairs merges the pairing rows of all workbooks into pairs: the same pairing (year and
// 受援机构) reported by the dispatching and by the recipient province counts once.
func (d *dataset) buildPairs() {
	var accs []*pairAcc
	index := map[string][]*pairAcc{}
	for _, r := range d.views["pairings"] {
		ds, rs := d.sides(r)
		year := display(r.get("year"), "en")
		keys := []string{year + "|name:" + r.str("recipient_name")}
		if c := r.str("recipient_org_code"); c != "" {
			keys = append(keys, year+"|code:"+c)
		}
		var acc *pairAcc
		for _, k := range keys {
			for _, a := range index[k] {
				if a.first.anchor(0).tab.book != r.anchor(0).tab.book && (ds && a.d == nil || rs && a.r == nil) {
					acc = a
					break
				}
			}
			if acc != nil {
				break
			}
		}
		if acc == nil {
			acc = &pairAcc{first: r}
			accs = append(accs, acc)
			for _, k := range keys {
				index[k] = append(index[k], acc)
			}
		}
		if ds && acc.d == nil {
			acc.d = r
		}
		if rs && acc.r == nil {
			acc.r = r
		}
	}
	// A province's workbook should hold every pairing of that province, on either side: a pairing
	// one province reports and the other province's workbook (in the batch) lacks is a conflict too.
	bookOf := map[string]string{}
	for _, b := range d.books {
		if p := d.facts[b.Path].Province; b.Kind == "province" && !b.Unreadable && p != "" && bookOf[p] == "" {
			bookOf[p] = base(b.Path)
		}
	}
	lay := d.layouts["pairs"]
	// the pairs and their stored fields in one block each, as readBook does for a sheet's rows
	rows, vals := make([]row, len(accs)), newValues(len(accs), lay.stored)
	d.stores = append(d.stores, vals)
	built := make([]builtInfo, len(accs))
	block := &tableInfo{lay: lay, built: built}
	d.views["pairs"] = slices.Grow(d.views["pairs"], len(accs))
	for i, a := range accs {
		b := a.r
		if b == nil {
			b = a.d
		}
		p := &rows[i]
		p.src = source{tab: block, rec: int32(i)}
		// a pair carries the fields of its pairing rows: it reads them (pairBaseFields), but for
		// those it stores (set below or derived), which start as its rows' — the dispatching
		// side's from that side's row
		built[i] = builtInfo{base: b, dispatch: a.d, order: a.first.order(), vals: vals, at: int32(i)}
		for s := lay.nrec; s < lay.nrec+lay.stored; s++ {
			name, from := lay.names[s], b
			if a.d != nil && slices.Contains(dispatchSide, name) {
				from = a.d
			}
			if from.has(name) {
				p.setStored(s-lay.nrec, from.get(name))
			}
		}
		if a.r != nil {
			p.built().anchors[0] = a.r.anchor(0)
		}
		if a.d != nil {
			p.built().anchors[1] = a.d.anchor(0)
			p.set("implied_mode", impliedMode(p.str("dispatch_province"), p.str("recipient_province")))
		}
		// the two sides disagree on what both state (a blank is missing-value's, not a conflict)
		conflict := a.d != nil && a.r != nil && a.d.anchor(0).tab.book != a.r.anchor(0).tab.book &&
			(!sameOrg(a.d, a.r) || differ(a.d.get("county"), a.r.get("county")))
		p.set("conflict", conflict)
		if conflict {
			p.set("other_file", p.get("dispatch_file"))
			p.set("other_dispatch_org", a.d.get("dispatch_org"))
			p.set("other_county", a.d.get("county"))
			p.set("stated_dispatch_org", a.r.get("dispatch_org"))
		}
		switch { // only one side reported it: is the other province's workbook in the batch?
		case a.r == nil && a.d != nil:
			markMissing(p, a.d, "recipient", bookOf[a.d.str("recipient_province")])
		case a.d == nil && a.r != nil:
			markMissing(p, a.r, "dispatch", bookOf[a.r.str("dispatch_province")])
		}
		d.views["pairs"] = append(d.views["pairs"], p)
	}
}

// dispatchSide are the fields of a pairing a pair takes from its dispatching side's row.
var dispatchSide = []string{"dispatch_province", "dispatch_org", "dispatch_org_code", "dispatch_org_type", "dispatch_id", "dispatch_name"}

// pairBaseFields are the fields a pair reads from its pairing rows when read rather than storing a
// copy: the dispatching side's from the dispatching side's row (row.built().dispatch, else its
// pairing row), the others from its pairing row (row.built().base); the file of each side from its
// anchor. Not the mode buildPairs sets, nor those derived on either view (derive writes them in
// place).
func pairBaseFields(pairings *layout, derive []*derived) map[string]func(*row) any {
	derived := func(name string) bool {
		return slices.ContainsFunc(derive, func(d *derived) bool {
			return d.name == name && (d.view == "pairings" || d.view == "pairs")
		})
	}
	out := map[string]func(*row) any{}
	if !derived("recipient_file") {
		out["recipient_file"] = func(r *row) any { return anchorFile(r.built().anchors[0]) }
	}
	if !derived("dispatch_file") {
		out["dispatch_file"] = func(r *row) any { return anchorFile(r.built().anchors[1]) }
	}
	for s, name := range pairings.names {
		if name == "implied_mode" || derived(name) {
			continue
		}
		if !slices.Contains(dispatchSide, name) {
			out[name] = func(r *row) any { return r.built().base.at(s) }
			continue
		}
		out[name] = func(r *row) any {
			if d := r.built().dispatch; d != nil {
				return d.at(s)
			}
			return r.built().base.at(s)
		}
	}
	return out
}

// anchorFile is the file name of a side's pairing row (nil when the side is absent).
func anchorFile(src *source) any {
	if src == nil {
		return nil
	}
	return src.tab.file
}

// markMissing notes on a pair that the other side's workbook, otherFile, lacks it.
func markMissing(p, only *row, side, otherFile string) {
	if otherFile != "" && otherFile != base(only.anchor(0).tab.book.Path) {
		p.set("missing_side", side)
		p.set("other_file", otherFile)
	}
}

// sameOrg reports whether two pairing rows name the same 援派机构: the same code, or the same
// name, or one of them names none.
func sameOrg(a, b *row) bool {
	if ca := a.str("dispatch_org_code"); ca != "" && ca == b.str("dispatch_org_code") {
		return true
	}
	return !differ(a.get("dispatch_name"), b.get("dispatch_name"))
}

// differ: both values are stated and they are not equal.
func differ(a, b any) bool {
	return a != nil && a != "" && b != nil && b != "" && a != b
}

// orgYear identifies an org in a year (the year as typed, as the row holds it: no boxing).
type orgYear struct {
	year any
	org  string
}

// pairIndex maps an org (by the pair's name field) and year to the first pair of that org.
func (d *dataset) pairIndex(nameField string) map[orgYear]*row {
	idx := make(map[orgYear]*row, len(d.views["pairs"]))
	for _, p := range d.views["pairs"] {
		k := orgYear{p.get("year"), p.str(nameField)}
		if _, ok := idx[k]; !ok {
			idx[k] = p
		}
	}
	return idx
}

// joinPair gives a row the pair of its org and year (nil when there is none).
func joinPair(r *row, k orgYear, pairs map[orgYear]*row) {
	if p, ok := pairs[k]; ok {
		r.set("pair", p)
	}
}

// rowList is a list of rows shown as evidence (person_rows, org_rows): kept as rows, made into
// references only for a violation.
type rowList []*row

func (l rowList) refs() []result.Ref {
	out := make([]result.Ref, len(l))
	for i, r := range l {
		out[i] = r.anchor(0).ref()
	}
	return out
}

// buildPeople sums days per person (ID number, else name) per org per year, and per org per year,
// and joins each row to its pair (rules.md "Counting").
func (d *dataset) buildPeople(view, orgField, pairField string) {
	rows := d.views[view]
	if len(rows) == 0 {
		return
	}
	pairs := d.pairIndex(pairField)
	lay := rows[0].lay()
	sOrg, sPair := lay.slot["org"]-lay.nrec, lay.slot["pair"]-lay.nrec
	// First number the groups, persons' and orgs' in one sequence: a person is known within the
	// group of their org and year, by their ID number or name (no key string is built per row).
	type personKey struct {
		org  int32
		byID bool
		key  string
	}
	type orgGroup struct {
		g    int32
		name any // boxed once
	}
	orgs, persons := map[orgYear]orgGroup{}, make(map[personKey]int32, len(rows))
	var sizes []int32                 // by group: how many rows it has
	of := make([][2]int32, len(rows)) // by row: its person's group and its org's
	for i, r := range rows {
		org := d.orgName(r.get(orgField))
		ok := orgYear{r.get("year"), org}
		og, found := orgs[ok]
		if !found {
			og = orgGroup{int32(len(sizes)), org}
			orgs[ok] = og
			sizes = append(sizes, 0)
		}
		o := og.g
		r.setStored(sOrg, og.name)
		if p, found := pairs[ok]; found {
			r.setStored(sPair, p)
		}
		key, byID := personOf(r)
		pk := personKey{o, byID, key}
		p, found := persons[pk]
		if !found {
			p = int32(len(sizes))
			persons[pk] = p
			sizes = append(sizes, 0)
		}
		sizes[o]++
		sizes[p]++
		of[i] = [2]int32{p, o}
	}
	// Then fill them: the groups in one block, and their rows as segments of one list, each in
	// row order. A group of one row, as most persons' are, is not kept: alone stands for it.
	at := make([]int32, len(sizes)) // by group: its index in all, or -1 (alone)
	ng, listed := 0, 0
	for g, k := range sizes {
		at[g] = -1
		if k > 1 {
			at[g] = int32(ng)
			ng, listed = ng+1, listed+int(k)
		}
	}
	pg := &peopleGroups{all: make([]group, ng), list: make(rowList, listed)}
	listed = 0
	for g, k := range sizes {
		if at[g] >= 0 {
			pg.all[at[g]].at = int32(listed)
			listed += int(k)
		}
	}
	hasDays := make([]bool, ng) // by group: whether its first row has days
	for i, r := range rows {
		tab := r.src.tab
		if tab.groups == nil {
			tab.people, tab.groups = pg, make([][2]int32, tab.table.Len())
		}
		days, ok := toInt(r.get("days"))
		for k, gi := range of[i] {
			tab.groups[r.src.rec][k] = at[gi]
			if at[gi] < 0 {
				continue
			}
			g := &pg.all[at[gi]]
			// A first row without days (its own missing-value) cannot carry the group's verdict on
			// days: the first row that has them does.
			if g.n == 0 || ok && !hasDays[at[gi]] {
				g.first, hasDays[at[gi]] = g.at+g.n, ok
			}
			g.days += days
			pg.list[g.at+g.n] = r
			g.n++
		}
	}
}

// peopleGroups are the groups of a workers or trainees view, in one block, and their rows as
// segments of one list.
type peopleGroups struct {
	all  []group
	list rowList
}

// group is the rows of one person (or org) in one org and year: their days summed.
type group struct {
	at, n int32 // its rows: peopleGroups.list[at : at+n]
	first int32 // its first row with days (else its first row), by index into the list
	days  int
}

// alone is the group of one row: that row, its first, and its days.
var alone = &group{}

// personOf is how a worker or trainee is known: their ID number, else their name.
func personOf(r *row) (key string, byID bool) {
	if id := r.str("id_number"); id != "" {
		return id, true
	}
	return display(r.get("name"), "en"), false
}

// peopleComputed are the fields of workers and trainees computed from their groups when read.
var peopleComputed = map[string]func(r *row) any{
	"person": func(r *row) any {
		key, byID := personOf(r)
		if byID {
			return "id:" + key
		}
		return "name:" + key
	},
	"person_first": func(r *row) any { return isFirst(r, 0) },
	"person_days":  func(r *row) any { return shown(r, 0, false) },
	"person_rows":  func(r *row) any { return shown(r, 0, true) },
	"org_first":    func(r *row) any { return isFirst(r, 1) },
	"org_days":     func(r *row) any { return shown(r, 1, false) },
	"org_rows":     func(r *row) any { return shown(r, 1, true) },
}

// isFirst: whether the row is the first of its person's (0) or org's (1) group.
func isFirst(r *row, i int) any {
	if g := r.group(i); g != nil {
		return g == alone || r.src.tab.people.list[g.first] == r
	}
	return nil
}

// shown: the days (or rows) of the row's person's (0) or org's (1) group.
func shown(r *row, i int, rows bool) any {
	switch g := r.group(i); {
	case g == nil:
		return nil
	case g == alone && rows:
		return rowList{r}
	case g == alone:
		days, _ := toInt(r.get("days"))
		return days
	case rows:
		return r.src.tab.people.list[g.at : g.at+g.n : g.at+g.n]
	default:
		return g.days
	}
}

func (d *dataset) joinFunds() {
	pairs := d.pairIndex("dispatch_name")
	for _, r := range d.views["funds"] {
		org := d.orgName(r.get("dispatch_org"))
		r.set("org", org)
		joinPair(r, orgYear{r.get("year"), org}, pairs)
	}
}

func (d *dataset) enrichLogsStations() {
	cs := d.counties()
	for _, view := range []string{"stations", "allocation"} {
		for _, r := range d.views[view] {
			province := r.str("recipient_province")
			if province == "" {
				province = d.facts[r.anchor(0).tab.book.Path].Province
			}
			county, _, _, _ := countyFacts(cs, province, r.str("recipient_county"))
			r.set("county", county)
		}
	}
}

// years lists the work years a batch is judged for: those of its pairings within work_years, or
// only --year.
func (d *dataset) years() []int {
	if d.opt.Year != 0 {
		return []int{d.opt.Year}
	}
	allowed := map[int]bool{}
	if l, ok := d.params["work_years"].([]any); ok {
		for _, y := range l {
			if n, ok := toInt(y); ok {
				allowed[n] = true
			}
		}
	}
	seen := map[int]bool{}
	var out []int
	for _, r := range d.views["pairings"] {
		if y, ok := r.get("year").(int); ok && allowed[y] && !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sort.Ints(out)
	return out
}

// buildTasks expands each allocation row into one task per work year and fills the tasks with
// pairs: tasks naming a county first, then the blank-county ones (which only key counties of their
// province fill). Each pair learns its task_status: filled, full (a task matched but was already
// full) or none (no task matches).
func (d *dataset) buildTasks() {
	if d.alloc == nil {
		return
	}
	lay := d.layouts["tasks"]
	status := map[*row]string{}
	for _, y := range d.years() {
		var named, blank []*task
		for _, a := range d.views["allocation"] {
			pairs, ok := toInt(a.get("pairs"))
			if !ok || pairs < 1 {
				pairs = 1
			}
			t := &task{row: newRow(lay), pairs: pairs}
			t.built().anchors[0], t.built().order = a.anchor(0), a.order()
			for _, k := range []string{"recipient_province", "mode", "dispatch_province", "county"} {
				t.set(k, a.get(k))
			}
			t.set("year", y)
			if a.get("county") != nil {
				named = append(named, t)
			} else {
				blank = append(blank, t)
			}
		}
		var pairs []*row
		for _, p := range d.views["pairs"] {
			if p.get("year") == any(y) {
				pairs = append(pairs, p)
				status[p] = "none"
			}
		}
		for _, t := range append(named, blank...) {
			for _, p := range pairs {
				if !t.matches(p) || status[p] == "filled" {
					continue
				}
				if len(t.filled) >= t.pairs {
					status[p] = "full"
					continue
				}
				status[p] = "filled"
				t.filled = append(t.filled, firstAnchor(p).ref())
			}
		}
		for _, t := range append(named, blank...) {
			t.set("pairs", t.pairs)
			t.set("filled", len(t.filled))
			t.set("filled_rows", t.filled)
			d.views["tasks"] = append(d.views["tasks"], t.row)
		}
	}
	for _, p := range d.views["pairs"] {
		if s, ok := status[p]; ok {
			p.set("task_status", s)
		}
	}
	sort.SliceStable(d.views["tasks"], func(i, j int) bool {
		a, b := d.views["tasks"][i], d.views["tasks"][j]
		return a.get("year").(int) < b.get("year").(int)
	})
}

// task is a row of tasks while pairs fill it.
type task struct {
	*row
	pairs  int
	filled []result.Ref
}

func (t *task) matches(p *row) bool {
	rp := t.get("recipient_province")
	if rp == nil || rp != p.get("recipient_province") ||
		t.get("dispatch_province") != p.get("dispatch_province") || t.get("mode") != p.get("implied_mode") {
		return false
	}
	if c := t.get("county"); c != nil {
		return c == p.get("county")
	}
	return p.get("key_county") == true
}

func firstAnchor(r *row) *source {
	for i := range 2 {
		if a := r.anchor(i); a != nil {
			return a
		}
	}
	return nil
}

// buildCountyYears lists the key counties in scope for each year, and the coverage summary.
func (d *dataset) buildCountyYears() {
	cs := d.counties()
	inScope := map[string]bool{}
	if d.opt.Scope == "national" {
		for _, p := range cs.Provinces() {
			inScope[p] = true
		}
	} else {
		for _, view := range []string{"pairings", "allocation"} {
			for _, r := range d.views[view] {
				if p, ok := r.get("recipient_province").(string); ok {
					inScope[p] = true
				}
			}
		}
	}
	paired := map[string][]result.Ref{}
	for _, p := range d.views["pairs"] {
		k := display(p.get("recipient_province"), "en") + "|" + display(p.get("county"), "en") + "|" + display(p.get("year"), "en")
		paired[k] = append(paired[k], firstAnchor(p).ref())
	}
	// the file that answers for a province's counties: its receiving workbook
	home := map[string]*workbook.Workbook{}
	for _, b := range d.books {
		f := d.facts[b.Path]
		if (f.Side == "recipient" || f.Side == "both") && home[f.Province] == nil {
			home[f.Province] = b
		}
	}
	for _, p := range cs.Provinces() {
		if !inScope[p] {
			continue
		}
		var src *source // the province's workbook, if the batch has it
		if b := home[p]; b != nil {
			src = fileSource(b)
		}
		for _, y := range d.years() {
			cov := result.Coverage{Province: p, Year: y}
			for _, c := range cs.InProvince(p) {
				r := newRow(d.layouts["county_years"])
				r.built().anchors[0] = src
				for k, v := range map[string]any{"province": p, "prefecture": c.Prefecture, "county": c.Name, "code": c.Code, "year": y} {
					r.set(k, v)
				}
				d.views["county_years"] = append(d.views["county_years"], r)
				cov.Counties++
				if len(paired[p+"|"+c.Name+"|"+strconv.Itoa(y)]) > 0 {
					cov.Paired++
				} else {
					cov.Missing = append(cov.Missing, c.Name)
				}
			}
			d.coverage = append(d.coverage, cov)
		}
	}
}

// buildFiles makes one row per readable province workbook, anchored at its 报送日期 cell (or the file).
func (d *dataset) buildFiles(books []*workbook.Workbook) {
	for bi, b := range books {
		if b.Unreadable {
			continue
		}
		f := d.facts[b.Path]
		src := fileSource(b)
		var date, text any
		if iv, ok := b.Info["report_date"]; ok && iv.Value.Status != workbook.Absent {
			date, text = iv.Value.Typed, iv.Value.Raw
			src.reportDate = true
		}
		r := newRow(d.layouts["files"])
		r.built().anchors[0] = src
		r.built().order = [3]int32{int32(bi)}
		for k, v := range map[string]any{"file": base(b.Path), "province": f.Province, "side": f.Side, "report_date": date, "report_date_text": text} {
			r.set(k, v)
		}
		d.views["files"] = append(d.views["files"], r)
	}
}

// derive evaluates the rules file's derived fields: row by row, each row's in file order (a
// derived field sees the ones before it).
func (d *dataset) derive(rs *RuleSet) {
	var m vm.VM
	env := newEvalEnv(rs.syms)
	env.scratch[symParams], env.scratch[symAsOf], env.scratch[symLang] = rs.params, d.opt.AsOf, d.opt.Lang
	for _, v := range viewDefs {
		lay := d.layouts[v.name]
		var progs []*prog
		var slots []int
		for _, df := range rs.derive {
			if df.view == v.name && df.prog != nil {
				progs, slots = append(progs, df.prog), append(slots, lay.slot[df.name]-lay.nrec)
			}
		}
		if len(progs) == 0 {
			continue
		}
		for _, r := range d.views[v.name] {
			env.clear(r)
			for i, p := range progs {
				r.setStored(slots[i], env.run(&m, p))
			}
		}
	}
}
