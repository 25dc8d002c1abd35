package rules

import (
	"hash/maphash"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"

	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/workbook"
)

// source is where a row of a view was written: a record of a sheet, or a cell or file without one.
type source struct {
	book  *workbook.Workbook
	table *workbook.Table   // nil for a row that is not a record
	rec   *workbook.Record  // nil for a row that is not a record
	loc   workbook.Location // File, Sheet, Row (Col for a single-cell source such as the 报送日期)
	raw   string            // the text of a single-cell source
}

// cell returns the column letter and the text as written of a field of the source's record.
func (s *source) cell(field string) (col, raw string, present bool) {
	if s.rec == nil {
		return s.loc.Col, s.raw, s.loc.Col != ""
	}
	v := s.table.Get(s.rec, field)
	return v.Col, v.Raw, s.table.HasColumn(field) && v.Status != workbook.Absent
}

func (s *source) ref() result.Ref {
	return result.Ref{File: base(s.loc.File), Sheet: s.loc.Sheet, Row: s.loc.Row}
}

// row is one row of a view: the values rules see, and where it was written (one source per anchor
// of the view; nil where that side is absent).
type row struct {
	env     map[string]any
	anchors []*source
	order   [3]int // run order: file, sheet, row
}

// dataset is one batch joined: every view of views.go built over all workbooks.
type dataset struct {
	opt      Options
	params   map[string]any
	books    []*workbook.Workbook // province workbooks by path, then the allocation workbook
	alloc    *workbook.Workbook
	facts    map[string]FileFacts
	views    map[string][]*row
	coverage []result.Coverage
	// otherYear holds the rows left out by --year, so that their reader problems are too
	otherYear map[workbook.Location]bool
}

func base(path string) string { return filepath.Base(path) }

func newDataset(rs *RuleSet, books []*workbook.Workbook, alloc *workbook.Workbook, opt Options) *dataset {
	d := &dataset{opt: opt, params: rs.params, alloc: alloc, facts: map[string]FileFacts{}, views: map[string][]*row{},
		otherYear: map[workbook.Location]bool{}}
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
	for _, rows := range d.views {
		for _, r := range rows {
			d.stdEnv(r.env, rs.params)
		}
	}
	d.derive(rs)
	return d
}

// readBook turns the records of every table of a workbook into rows of the view over that sheet.
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
	for _, key := range sortedKeys(b.Tables) {
		t := b.Tables[key]
		for ri := range t.Records {
			rec := &t.Records[ri]
			env := make(map[string]any, len(t.Sheet.Fields)+40) // fields, Go fields, derived fields
			rk := newRowHash(b.Path, key)
			for fi, f := range t.Sheet.Fields {
				var v workbook.Value
				if fi < len(rec.Values) {
					v = rec.Values[fi]
				}
				env[f.Key] = v.Typed
				if f.Key != "seq" {
					rk.add(v)
				}
				if f.Type == "id_number" {
					env["id_numeric"] = v.Numeric
				}
			}
			if y, ok := env["year"].(int); ok && d.opt.Year != 0 && y != d.opt.Year {
				d.otherYear[workbook.Location{File: b.Path, Sheet: rec.Sheet, Row: rec.Row}] = true
				continue
			}
			env["file"] = base(b.Path)
			env["table"] = key
			env["file_province"] = province
			env["report_date"] = reportDate
			env["row_key"] = rk.sum()
			src := &source{book: b, table: t, rec: rec, loc: workbook.Location{File: b.Path, Sheet: rec.Sheet, Row: rec.Row}}
			d.views[key] = append(d.views[key], &row{env: env, anchors: []*source{src}, order: [3]int{bi, sheetIdx[rec.Sheet], rec.Row}})
		}
	}
}

// rowHash identifies a record by its file, table and typed values (duplicate-row compares them).
type rowHash struct {
	h   maphash.Hash
	buf []byte
}

var rowSeed = maphash.MakeSeed()

func newRowHash(file, table string) *rowHash {
	r := &rowHash{}
	r.h.SetSeed(rowSeed)
	r.h.WriteString(file + "\x1f" + table)
	return r
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
		if r.anchors[0].book == b {
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
		dispatches = dispatches || r.env["dispatch_province"] == f.Province
		receives = receives || r.env["recipient_province"] == f.Province
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
		s, _ := r.env[field].(string)
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
	return nameFolder.Replace(s)
}

// orgID is how an org is known: its credit code where present, else its normalised name.
func orgID(name, code any) string {
	if c, ok := code.(string); ok && c != "" {
		return "code:" + c
	}
	return "name:" + normName(name)
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
	for _, r := range d.views["pairings"] {
		e := r.env
		dp, _ := e["dispatch_province"].(string)
		rp, _ := e["recipient_province"].(string)
		e["implied_mode"] = impliedMode(dp, rp)
		name, _ := e["recipient_county"].(string)
		e["county"], e["county_code"], e["key_county"], e["county_provinces"] = countyFacts(cs, rp, name)
		e["dispatch_name"], e["recipient_name"] = normName(e["dispatch_org"]), normName(e["recipient_org"])
		e["dispatch_id"] = orgID(e["dispatch_org"], e["dispatch_org_code"])
		e["recipient_id"] = orgID(e["recipient_org"], e["recipient_org_code"])
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
	p := d.facts[r.anchors[0].book.Path].Province
	dispatch = p != "" && r.env["dispatch_province"] == p
	recipient = p != "" && r.env["recipient_province"] == p
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
		year := display(r.env["year"], "en")
		keys := []string{year + "|name:" + r.env["recipient_name"].(string)}
		if c, ok := r.env["recipient_org_code"].(string); ok && c != "" {
			keys = append(keys, year+"|code:"+c)
		}
		var acc *pairAcc
		for _, k := range keys {
			for _, a := range index[k] {
				if a.first.anchors[0].book != r.anchors[0].book && (ds && a.d == nil || rs && a.r == nil) {
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
	for _, a := range accs {
		b := a.r
		if b == nil {
			b = a.d
		}
		env := make(map[string]any, len(b.env)+8)
		for k, v := range b.env {
			env[k] = v
		}
		var anchors [2]*source
		if a.r != nil {
			anchors[0] = a.r.anchors[0]
			env["recipient_file"] = base(a.r.anchors[0].loc.File)
		}
		if a.d != nil {
			anchors[1] = a.d.anchors[0]
			env["dispatch_file"] = base(a.d.anchors[0].loc.File)
			for _, k := range []string{"dispatch_province", "dispatch_org", "dispatch_org_code", "dispatch_org_type", "dispatch_id", "dispatch_name"} {
				env[k] = a.d.env[k]
			}
			dp, _ := env["dispatch_province"].(string)
			rp, _ := env["recipient_province"].(string)
			env["implied_mode"] = impliedMode(dp, rp)
		}
		env["conflict"] = false
		if a.d != nil && a.r != nil && a.d.anchors[0].book != a.r.anchors[0].book {
			env["conflict"] = !sameOrg(a.d.env, a.r.env) || a.d.env["county"] != a.r.env["county"]
		}
		if env["conflict"] == true {
			env["other_file"] = env["dispatch_file"]
			env["other_dispatch_org"], env["other_county"] = a.d.env["dispatch_org"], a.d.env["county"]
			env["stated_dispatch_org"] = a.r.env["dispatch_org"]
		}
		d.views["pairs"] = append(d.views["pairs"], &row{env: env, anchors: anchors[:], order: a.first.order})
	}
}

// sameOrg reports whether two pairing rows name the same 援派机构: the same code, or the same name.
func sameOrg(a, b map[string]any) bool {
	ca, _ := a["dispatch_org_code"].(string)
	cb, _ := b["dispatch_org_code"].(string)
	if ca != "" && ca == cb {
		return true
	}
	return a["dispatch_name"] == b["dispatch_name"]
}

// orgYear identifies an org in a year (the year as typed: an int, or nil).
type orgYear struct {
	year any
	org  string
}

// pairIndex maps an org (by the pair's name field) and year to the first pair of that org.
func (d *dataset) pairIndex(nameField string) map[orgYear]map[string]any {
	idx := map[orgYear]map[string]any{}
	for _, p := range d.views["pairs"] {
		k := orgYear{p.env["year"], p.env[nameField].(string)}
		if _, ok := idx[k]; !ok {
			idx[k] = p.env
		}
	}
	return idx
}

// joinPair gives a row the pair of its org and year (nil when there is none).
func joinPair(e map[string]any, pairs map[orgYear]map[string]any) {
	e["pair"] = nil
	if p, ok := pairs[orgYear{e["year"], e["org"].(string)}]; ok {
		e["pair"] = p
	}
}

// buildPeople sums days per person (ID number, else name) per org per year, and per org per year,
// and joins each row to its pair (rules.md "Counting").
func (d *dataset) buildPeople(view, orgField, pairField string) {
	pairs := d.pairIndex(pairField)
	type group struct {
		days  int
		rows  []result.Ref
		first *row
	}
	type personKey struct {
		orgYear
		person string
	}
	persons, orgs := map[personKey]*group{}, map[orgYear]*group{}
	add := func(g *group, r *row, days int) *group {
		if g == nil {
			g = &group{first: r}
		}
		g.days += days
		g.rows = append(g.rows, r.anchors[0].ref())
		return g
	}
	rows := d.views[view]
	for _, r := range rows {
		e := r.env
		e["org"] = normName(e[orgField])
		person := "name:" + display(e["name"], "en")
		if id, ok := e["id_number"].(string); ok && id != "" {
			person = "id:" + id
		}
		e["person"] = person
		joinPair(e, pairs)
		days, _ := toInt(e["days"])
		ok := orgYear{e["year"], e["org"].(string)}
		pk := personKey{ok, person}
		persons[pk] = add(persons[pk], r, days)
		orgs[ok] = add(orgs[ok], r, days)
		e["person_first"], e["org_first"] = persons[pk].first == r, orgs[ok].first == r
	}
	for _, r := range rows {
		e := r.env
		ok := orgYear{e["year"], e["org"].(string)}
		pg, og := persons[personKey{ok, e["person"].(string)}], orgs[ok]
		e["person_days"], e["person_rows"] = pg.days, pg.rows
		e["org_days"], e["org_rows"] = og.days, og.rows
	}
}

func (d *dataset) joinFunds() {
	pairs := d.pairIndex("dispatch_name")
	for _, r := range d.views["funds"] {
		r.env["org"] = normName(r.env["dispatch_org"])
		joinPair(r.env, pairs)
	}
}

func (d *dataset) enrichLogsStations() {
	for _, r := range d.views["logs"] {
		r.env["person"] = "id:" + display(r.env["id_number"], "en")
	}
	cs := d.counties()
	for _, view := range []string{"stations", "allocation"} {
		for _, r := range d.views[view] {
			name, _ := r.env["recipient_county"].(string)
			province, _ := r.env["recipient_province"].(string)
			if province == "" {
				province = d.facts[r.anchors[0].book.Path].Province
			}
			r.env["county"], _, _, _ = countyFacts(cs, province, name)
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
		if y, ok := r.env["year"].(int); ok && allowed[y] && !seen[y] {
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
	status := map[*row]string{}
	for _, y := range d.years() {
		var named, blank []*row
		for _, a := range d.views["allocation"] {
			e := a.env
			pairs, ok := toInt(e["pairs"])
			if !ok || pairs < 1 {
				pairs = 1
			}
			t := &row{env: map[string]any{
				"recipient_province": e["recipient_province"], "mode": e["mode"], "dispatch_province": e["dispatch_province"],
				"county": e["county"], "pairs": pairs, "year": y, "filled": 0, "filled_rows": []result.Ref(nil),
				"file": e["file"],
			}, anchors: a.anchors, order: a.order}
			if e["county"] != nil {
				named = append(named, t)
			} else {
				blank = append(blank, t)
			}
		}
		var pairs []*row
		for _, p := range d.views["pairs"] {
			if p.env["year"] == y {
				pairs = append(pairs, p)
				status[p] = "none"
			}
		}
		for _, t := range append(named, blank...) {
			for _, p := range pairs {
				if !taskMatches(t.env, p.env) {
					continue
				}
				if status[p] == "filled" {
					continue
				}
				if t.env["filled"].(int) >= t.env["pairs"].(int) {
					status[p] = "full"
					continue
				}
				status[p] = "filled"
				t.env["filled"] = t.env["filled"].(int) + 1
				t.env["filled_rows"] = append(t.env["filled_rows"].([]result.Ref), firstAnchor(p).ref())
			}
		}
		d.views["tasks"] = append(d.views["tasks"], named...)
		d.views["tasks"] = append(d.views["tasks"], blank...)
	}
	for _, p := range d.views["pairs"] {
		if s, ok := status[p]; ok {
			p.env["task_status"] = s
		} else {
			p.env["task_status"] = nil
		}
	}
	sort.SliceStable(d.views["tasks"], func(i, j int) bool {
		a, b := d.views["tasks"][i], d.views["tasks"][j]
		return a.env["year"].(int) < b.env["year"].(int)
	})
}

func taskMatches(t, p map[string]any) bool {
	if t["recipient_province"] == nil || t["recipient_province"] != p["recipient_province"] ||
		t["dispatch_province"] != p["dispatch_province"] || t["mode"] != p["implied_mode"] {
		return false
	}
	if t["county"] != nil {
		return t["county"] == p["county"]
	}
	return p["key_county"] == true
}

func firstAnchor(r *row) *source {
	for _, a := range r.anchors {
		if a != nil {
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
				if p, ok := r.env["recipient_province"].(string); ok {
					inScope[p] = true
				}
			}
		}
	}
	paired := map[string][]result.Ref{}
	for _, p := range d.views["pairs"] {
		k := display(p.env["recipient_province"], "en") + "|" + display(p.env["county"], "en") + "|" + display(p.env["year"], "en")
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
		for _, y := range d.years() {
			cov := result.Coverage{Province: p, Year: y}
			for _, c := range cs.InProvince(p) {
				var anchor *source
				if b := home[p]; b != nil {
					anchor = &source{book: b, loc: workbook.Location{File: b.Path}}
				}
				d.views["county_years"] = append(d.views["county_years"], &row{env: map[string]any{
					"province": p, "prefecture": c.Prefecture, "county": c.Name, "code": c.Code, "year": y,
				}, anchors: []*source{anchor}})
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
		src := &source{book: b, loc: workbook.Location{File: b.Path}}
		var date any
		if iv, ok := b.Info["report_date"]; ok && iv.Value.Status != workbook.Absent {
			date = iv.Value.Typed
			src.loc, src.raw = iv.Loc, iv.Value.Raw
			if src.loc.Col == "" {
				src.loc.Col = iv.Value.Col
			}
		}
		d.views["files"] = append(d.views["files"], &row{env: map[string]any{
			"file": base(b.Path), "province": f.Province, "side": f.Side, "report_date": date,
		}, anchors: []*source{src}, order: [3]int{bi}})
	}
}

// derive evaluates the rules file's derived fields, view by view, in file order.
func (d *dataset) derive(rs *RuleSet) {
	var m vm.VM
	for _, df := range rs.derive {
		if df.prog == nil {
			continue
		}
		for _, r := range d.views[df.view] {
			r.env[df.name] = run(&m, df.prog, r.env)
		}
	}
}

// stdEnv sets the names every expression sees beside a row's fields.
func (d *dataset) stdEnv(env map[string]any, params map[string]any) {
	env["params"] = params
	env["as_of"] = d.opt.AsOf
	env["lang"] = d.opt.Lang
}
