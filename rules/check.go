package rules

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/expr-lang/expr/vm"

	"github.com/qianshou/qianshou/internal/ident"
	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/qianshou/qianshou/internal/workbook"
)

// Options tune a check.
type Options struct {
	Year     int                 // 0 = all years present
	AsOf     time.Time           // deadlines and ID birth dates are judged against it
	Scope    string              // "provinces" (default) | "national"
	Lang     string              // "zh" | "en": message/title language
	MaskPII  bool                // mask id_number and phone in messages, values and context
	Counties *reference.Counties // nil = reference.DefaultCounties()
}

// FileFacts are what the engine learnt about one province workbook.
type FileFacts struct {
	Province string // canonical full name, or ""
	Side     string // "dispatch" | "recipient" | "both" | ""
}

// Outcome is what a check found.
type Outcome struct {
	Violations []result.Violation   // sorted by file, sheet, row, column, rule
	Status     []result.RuleStatus  // one per rule, in catalogue order
	Coverage   []result.Coverage    // per recipient province in scope, per year
	Files      map[string]FileFacts // by Workbook.Path
}

// checker runs the rules of a set over one dataset.
type checker struct {
	rs  *RuleSet
	d   *dataset
	opt Options
	vm  vm.VM
	env *evalEnv
	// headers and hasColumn remember, per table, a field's header (boxed once) and whether the
	// table has its column
	headers   map[colKey]any
	tableCols map[*workbook.Table][]int8 // by symbol id: 0 not known yet, 1 yes, 2 no
	colTable  *workbook.Table
	cols      []int8
	keyBuf    []byte // the key being looked up
	// contextIDs are the symbol ids of contextKeys
	contextIDs []int
	// the rule being applied, and where (its part, and row in row-by-row runs)
	*ruleRun
	pos [2]int
	// recIndex finds the record a reader problem lies in (built on first use)
	recIndex map[recKey]recRef
	problems []problem
}

// Check runs every rule over a batch of province workbooks and the optional allocation workbook.
func (rs *RuleSet) Check(books []*workbook.Workbook, allocation *workbook.Workbook, opt Options) Outcome {
	c := rs.newChecker(books, allocation, opt)
	out := Outcome{Files: c.d.facts, Coverage: c.d.coverage}
	var enabled []*Rule
	for _, r := range rs.rules {
		if !r.Disabled {
			enabled = append(enabled, r)
		}
	}
	runs := c.run(enabled)
	for _, r := range rs.rules {
		st := result.RuleStatus{Rule: r.ID, Severity: r.Severity, Title: r.Title(c.opt.Lang), PolicyRef: r.PolicyRef}
		if r.Disabled {
			st.Status = "disabled"
			out.Status = append(out.Status, st)
			continue
		}
		run := runs[0]
		runs = runs[1:]
		st.Violations = len(run.out)
		switch {
		case len(run.out) > 0:
			st.Status = "failed"
		case run.ran == 0 && run.skipped != "":
			st.Status, st.Reason = "skipped", run.skipped
		default:
			st.Status = "passed"
		}
		out.Status = append(out.Status, st)
		out.Violations = append(out.Violations, run.out...)
	}
	sortViolations(out.Violations)
	return out
}

// checkOne runs one rule (for its examples).
func (rs *RuleSet) checkOne(r *Rule, books []*workbook.Workbook, allocation *workbook.Workbook, opt Options) []result.Violation {
	c := rs.newChecker(books, allocation, opt)
	return c.run([]*Rule{r})[0].out
}

// ruleRun is what applying one rule found.
type ruleRun struct {
	rule    *Rule
	out     []result.Violation
	ran     int    // rows (or groups) the rule was applied to
	skipped string // why it was not applied somewhere: the first reason in run order
	skipAt  [2]int // where that was (part, row)
}

// run applies rules. Row rules go row by row: every row rule over one row while its values are
// at hand (each rule still sees its rows in order); the other kinds rule by rule.
func (c *checker) run(rules []*Rule) []*ruleRun {
	type rowPart struct {
		run  *ruleRun
		p    *part
		part int
	}
	// the row rules' parts by the views they run over, in rule and part order
	byView := map[*viewDef][]rowPart{}
	var views []*viewDef
	runs := make([]*ruleRun, len(rules))
	for i, r := range rules {
		runs[i] = &ruleRun{rule: r}
		if r.Kind != "row" {
			continue
		}
		for pi, p := range r.parts {
			rows := 0
			for _, v := range p.on {
				rows += len(c.d.views[v.name])
				if byView[v] == nil {
					views = append(views, v)
				}
				byView[v] = append(byView[v], rowPart{runs[i], p, pi})
			}
			if rows == 0 {
				c.use(runs[i], pi, -1)
				c.noteAbsent(p.on[0])
			}
		}
	}
	// one pass over the rows of all those views in run order: every rule sees its own rows in
	// order, and a row's values are loaded once for all the rules
	slices.SortFunc(views, func(a, b *viewDef) int { return slices.Index(viewDefs, a) - slices.Index(viewDefs, b) })
	for ri, r := range c.d.rowsOf(views) {
		for _, rp := range byView[r.lay().view] {
			c.use(rp.run, rp.part, ri)
			c.applyRow(rp.p, r)
		}
	}
	for _, run := range runs {
		if run.rule.Kind == "row" {
			continue
		}
		for pi, p := range run.rule.parts {
			c.use(run, pi, 0)
			switch run.rule.Kind {
			case "problem":
				if c.problems == nil {
					c.problems = c.d.problems()
				}
				c.runProblems(p, c.problems)
			case "aggregate":
				c.runAggregate(p)
			case "duplicate":
				c.runDuplicate(p)
			}
		}
	}
	return runs
}

// use makes run the rule being applied, at a part and row.
func (c *checker) use(run *ruleRun, part, row int) {
	if c.ruleRun != run {
		c.ruleRun = run
		c.env.scratch[symParams] = run.rule.params
	}
	c.pos = [2]int{part, row}
}

func (rs *RuleSet) newChecker(books []*workbook.Workbook, allocation *workbook.Workbook, opt Options) *checker {
	if opt.AsOf.IsZero() {
		opt.AsOf = time.Now()
	}
	// deadlines are judged by civil date
	opt.AsOf = time.Date(opt.AsOf.Year(), opt.AsOf.Month(), opt.AsOf.Day(), 0, 0, 0, 0, time.UTC)
	if opt.Lang != "en" {
		opt.Lang = "zh"
	}
	d := newDataset(rs, books, allocation, opt)
	c := &checker{rs: rs, d: d, opt: opt, env: newEvalEnv(rs.syms), headers: map[colKey]any{},
		tableCols: map[*workbook.Table][]int8{}}
	c.env.scratch[symAsOf], c.env.scratch[symLang] = opt.AsOf, opt.Lang
	for _, k := range contextKeys {
		c.contextIDs = append(c.contextIDs, rs.syms.ids[k])
	}
	return c
}

type colKey struct {
	t     *workbook.Table
	field string
}

func sortViolations(vs []result.Violation) {
	sort.SliceStable(vs, func(i, j int) bool {
		a, b := vs[i], vs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		if len(a.Column) != len(b.Column) {
			return len(a.Column) < len(b.Column)
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// rowsOf returns the rows of the views a part runs over, in run order, and notes why when there
// are none because the sheet is absent from every file.
func (c *checker) rowsOf(on []*viewDef) []*row {
	out := c.d.rowsOf(on)
	if len(out) == 0 {
		c.noteAbsent(on[0])
	}
	return out
}

// rowsOf returns the rows of views in run order. The list of several views is built for each
// use and not kept: it would cost a pointer per row for the whole check.
func (d *dataset) rowsOf(views []*viewDef) []*row {
	if len(views) == 1 {
		return d.views[views[0].name]
	}
	lists := make([][]*row, 0, len(views))
	n := 0
	for _, v := range views {
		if l := d.views[v.name]; len(l) > 0 {
			lists, n = append(lists, l), n+len(l)
		}
	}
	out := make([]*row, 0, n)
	for _, l := range lists {
		if !slices.IsSortedFunc(l, func(a, b *row) int { return cmpOrder(a.order(), b.order()) }) {
			for _, l := range lists {
				out = append(out, l...)
			}
			slices.SortStableFunc(out, func(a, b *row) int { return cmpOrder(a.order(), b.order()) })
			return out
		}
	}
	// each view's rows are in order: merge them, the earlier view first on a tie
	for len(lists) > 0 {
		best := 0
		for i := 1; i < len(lists); i++ {
			if cmpOrder(lists[i][0].order(), lists[best][0].order()) < 0 {
				best = i
			}
		}
		out = append(out, lists[best][0])
		if lists[best] = lists[best][1:]; len(lists[best]) == 0 {
			lists = slices.Delete(lists, best, best+1)
		}
	}
	return out
}

func cmpOrder(a, b [3]int32) int {
	for i := range a {
		if a[i] != b[i] {
			return cmp.Compare(a[i], b[i])
		}
	}
	return 0
}

// noteAbsent records why a view has no rows, when that is because its sheet is nowhere.
func (c *checker) noteAbsent(v *viewDef) {
	table := v.table
	switch v.name {
	case "tasks":
		table = "allocation"
	case "pairs", "county_years":
		table = "pairings"
	case "files":
		return
	}
	if table == "allocation" && c.d.alloc == nil {
		c.skip(c.noAllocation)
		return
	}
	if !c.d.hasTable(table) {
		c.skip(func() string { return c.noSheet("", table) })
	}
}

// hasTable reports whether any workbook of the batch has a sheet of table.
func (d *dataset) hasTable(table string) bool {
	for _, b := range d.books {
		if _, ok := b.Tables[table]; ok {
			return true
		}
	}
	return false
}

// skip records why a rule was not applied somewhere: the first reason in run order (part by
// part, row by row); reason is only built then.
func (c *checker) skip(reason func() string) {
	if c.skipped == "" || c.pos[0] < c.skipAt[0] || c.pos[0] == c.skipAt[0] && c.pos[1] < c.skipAt[1] {
		c.skipped, c.skipAt = reason(), c.pos
	}
}

func (c *checker) noAllocation() string {
	return pick(c.opt.Lang, "未提供任务分配表(--allocation)", "no allocation table (--allocation)")
}

// noSheet says why a rule was skipped for a file without a sheet of table: that no workbook of
// the batch has one, or, when another has, that this file has none.
func (c *checker) noSheet(file, table string) string {
	name := table
	if sh := schema.Default().Sheet(table); sh != nil {
		name = sh.Name
	}
	if file == "" || !c.d.hasTable(table) {
		return pick(c.opt.Lang, "没有任何工作簿含“"+name+"”工作表", "no workbook has a "+name+" sheet")
	}
	return pick(c.opt.Lang, base(file)+" 没有“"+name+"”工作表", base(file)+": no sheet "+name)
}

// anchor picks the source a violation points at: the first present of `at` (the row is skipped
// when none is), else the first present anchor of the row (nil: a violation with no cell).
func anchor(p *part, v *viewDef, r *row) (*source, bool) {
	if len(p.at) == 0 {
		return firstAnchor(r), true
	}
	for _, a := range p.at {
		for i, name := range v.anchors {
			if src := r.anchor(i); name == a && src != nil {
				return src, true
			}
		}
	}
	return nil, false
}

func viewOf(p *part, r *row) *viewDef {
	if len(p.on) == 1 {
		return p.on[0]
	}
	for _, v := range p.on {
		if v == r.lay().view {
			return v
		}
	}
	return p.on[0]
}

// usable reports whether a part applies to a row: its anchor exists, the sheets it needs are in the
// anchor's file, its columns are present there and their cells hold values. It returns the anchor
// and the column at fault (an index into p.column, -1 for none).
func (c *checker) usable(p *part, v *viewDef, r *row) (*source, int, bool) {
	src, ok := anchor(p, v, r)
	if !ok {
		switch p.at[0] {
		case "dispatch":
			c.skip(func() string {
				return pick(c.opt.Lang, "没有援派省份填报的结对关系", "no pairing reported by a dispatching province")
			})
		case "recipient":
			c.skip(func() string {
				return pick(c.opt.Lang, "没有受援省份填报的结对关系", "no pairing reported by a recipient province")
			})
		}
		return nil, -1, false
	}
	if src != nil && src.tab.book != nil {
		for _, n := range p.needs {
			if n.table == "allocation" {
				if c.d.alloc == nil {
					c.skip(c.noAllocation)
					return nil, -1, false
				}
				continue
			}
			t, has := src.tab.book.Tables[n.table]
			if !has {
				c.skip(func() string { return c.noSheet(src.tab.book.Path, n.table) })
				return nil, -1, false
			}
			if !hasAnyColumn(t, n.fields) {
				c.skip(func() string { return c.noColumn(src.tab.book, t, n.fields[0]) })
				return nil, -1, false
			}
		}
	}
	for i, f := range p.requires {
		if !c.present(src, f, p.requireIDs[i], r) {
			return nil, -1, false
		}
	}
	if len(p.column) == 0 {
		return src, -1, true
	}
	for i, f := range p.column {
		id := p.columnIDs[i]
		if r.hasID(id) && c.present(src, f, id, r) {
			return src, i, true
		}
	}
	return src, -1, p.optColumn
}

// present: the field's column exists in the source's sheet (else the rule is skipped for that file,
// noted once) and its value is not empty.
func (c *checker) present(src *source, f string, id int, r *row) bool {
	if src != nil && src.tab.table != nil && !c.columnOK(src.tab.table, f, id) {
		c.skip(func() string { return c.noColumn(src.tab.book, src.tab.table, f) })
		return false
	}
	return r.byID(id) != nil
}

// hasAnyColumn: fields is empty, or the table has the column of one of them.
func hasAnyColumn(t *workbook.Table, fields []string) bool {
	for _, f := range fields {
		if t.HasColumn(f) {
			return true
		}
	}
	return len(fields) == 0
}

// noColumn says why a rule was skipped for a file whose sheet lacks a field's column.
func (c *checker) noColumn(b *workbook.Workbook, t *workbook.Table, f string) string {
	h := t.Sheet.Field(f).Header
	file := base(b.Path)
	return pick(c.opt.Lang, file+" “"+t.Sheet.Name+"”缺少“"+h+"”列", file+": sheet "+t.Sheet.Name+" has no column "+h)
}

// columnOK: the field (f, symbol id) is not one of the table's sheet, or the table has its
// column. Answers are kept per table; rows come table by table, so the last table's are at hand.
func (c *checker) columnOK(t *workbook.Table, f string, id int) bool {
	if t != c.colTable {
		c.colTable = t
		if c.tableCols[t] == nil {
			c.tableCols[t] = make([]int8, len(c.rs.syms.names))
		}
		c.cols = c.tableCols[t]
	}
	if c.cols[id] == 0 {
		c.cols[id] = 2
		if t.Sheet.FieldIndex(f) < 0 || t.HasColumn(f) {
			c.cols[id] = 1
		}
	}
	return c.cols[id] == 1
}

// judged prepares row r for an aggregate or duplicate rule: the cell it is judged at and whether
// the rule's required fields and its `when` filter let it be judged at all.
func (c *checker) judged(p *part, r *row) (v *viewDef, src *source, column string, ok bool) {
	v = viewOf(p, r)
	src, col, ok := c.usable(p, v, r)
	if !ok {
		return nil, nil, "", false
	}
	c.env.clear(r)
	if p.when != nil && !truthy(c.env.run(&c.vm, p.when)) {
		return nil, nil, "", false
	}
	if col >= 0 {
		column = p.column[col]
	}
	return v, src, column, true
}

// applyRow applies a row rule (part) to a row.
func (c *checker) applyRow(p *part, r *row) {
	env := c.env
	v := viewOf(p, r)
	src, col, ok := c.usable(p, v, r)
	if !ok {
		return
	}
	env.clear(r)
	column := ""
	if col >= 0 {
		column = p.column[col]
		env.scratch[symValue], env.scratch[symHeader] = r.byID(p.columnIDs[col]), c.header(src, column)
	}
	if p.when != nil && !truthy(env.run(&c.vm, p.when)) {
		return
	}
	c.ran++
	env.figures(p.actual, p.required)
	if p.check != nil && truthy(env.run(&c.vm, p.check)) {
		return
	}
	var rows []result.Ref
	switch x := env.run(&c.vm, p.rows).(type) {
	case []result.Ref:
		rows = x
	case rowList:
		rows = x.refs()
	}
	c.emit(p, v, r, src, column, rows, "", fingerprintKey(v, r))
}

// header is a field's header in the source's sheet (the field's name without one), boxed once.
func (c *checker) header(src *source, field string) any {
	var t *workbook.Table
	if src != nil {
		t = src.tab.table
	}
	k := colKey{t, field}
	h, ok := c.headers[k]
	if !ok {
		h = field
		if t != nil {
			if f := t.Sheet.Field(field); f != nil {
				h = f.Header
			}
		}
		c.headers[k] = h
	}
	return h
}

// key encodes the values of key (or match) expressions over the current row into buf, compared
// as messages show them: an empty value is "", a whole float is an int, and anything but text, ints
// and bools is its text. The bytes are only valid until the next call.
func (c *checker) key(buf []byte, progs []*prog) []byte {
	buf = buf[:0]
	for _, p := range progs {
		switch x := c.env.run(&c.vm, p).(type) {
		case nil:
			buf = appendText(buf, "")
		case string:
			buf = appendText(buf, x)
		case int:
			buf = binary.LittleEndian.AppendUint64(append(buf, 'i'), uint64(x))
		case bool:
			buf = strconv.AppendBool(append(buf, 'b'), x)
		case uint64:
			buf = binary.LittleEndian.AppendUint64(append(buf, 'u'), x)
		case float64:
			if n, ok := toInt(x); ok && math.Abs(x) < 1e15 {
				buf = binary.LittleEndian.AppendUint64(append(buf, 'i'), uint64(n))
			} else {
				buf = appendText(buf, display(x, "en"))
			}
		default:
			buf = appendText(buf, display(x, "en"))
		}
	}
	return buf
}

func appendText(buf []byte, s string) []byte {
	return append(binary.AppendUvarint(append(buf, 's'), uint64(len(s))), s...)
}

// runAggregate groups rows (of `on`, by `key`), counts or sums their members (the rows of `members`
// whose `match` equals the group's key and which pass `where`; without `members`, the group's own
// rows) and reports each group that fails `check` at its first row.
func (c *checker) runAggregate(p *part) {
	// A group is known by a 128-bit hash of its key, not the key, and keeps its count and sum, not
	// its members: at a million rows keys, map and member lists cost 70 MB. The members of a
	// failing group are found again for its evidence.
	type group struct {
		first *row
		count int32
		col   int32 // its first row's column, by index into p.column (-1: none)
		sum   float64
	}
	env := c.env
	rows := c.rowsOf(p.on)
	// sized for a group per row: growing them would leave as much again as garbage
	groups := make([]group, 0, len(rows))
	byKey := make(map[groupKey]int32, len(rows)) // a key's group, by its index in groups
	// scan visits every member with its group, the group's own rows without members. The first
	// scan starts the groups.
	scan := func(visit func(g int32, m *row)) {
		n := int32(0)
		for _, r := range rows {
			_, _, column, ok := c.judged(p, r)
			if !ok {
				continue
			}
			g := n // without key, every row is its own group
			n++
			if len(p.key) > 0 {
				c.keyBuf = c.key(c.keyBuf, p.key)
				k := hashGroupKey(c.keyBuf)
				at, found := byKey[k]
				if !found {
					at = int32(len(groups))
					byKey[k] = at
				}
				g = at
			}
			if g == int32(len(groups)) {
				groups = append(groups, group{first: r, col: int32(slices.Index(p.column, column))})
			}
			if p.members == nil {
				visit(g, r)
			}
		}
		if p.members == nil || len(groups) == 0 {
			return
		}
		for _, m := range c.d.views[p.members.name] {
			env.clear(m)
			if p.where != nil && !truthy(env.run(&c.vm, p.where)) {
				continue
			}
			c.keyBuf = c.key(c.keyBuf, p.match)
			if at, found := byKey[hashGroupKey(c.keyBuf)]; found {
				visit(at, m)
			}
		}
	}
	scan(func(g int32, m *row) { // env holds m
		groups[g].count++
		if p.sum != nil {
			f, _ := toFloat(env.run(&c.vm, p.sum))
			groups[g].sum += f
		}
	})
	// judge sets the env for a group's check and message.
	judge := func(g *group) (src *source, column string) {
		src, _ = anchor(p, viewOf(p, g.first), g.first)
		if g.col >= 0 {
			column = p.column[g.col]
		}
		env.clear(g.first)
		env.scratch[symCount], env.scratch[symSum] = int(g.count), g.sum
		if column != "" {
			env.scratch[symValue], env.scratch[symHeader] = g.first.get(column), c.header(src, column)
		}
		env.figures(p.actual, p.required)
		return src, column
	}
	var failed []int32
	for i := range groups {
		c.ran++
		if judge(&groups[i]); !truthy(env.run(&c.vm, p.check)) {
			failed = append(failed, int32(i))
		}
	}
	if len(failed) == 0 {
		return
	}
	evidence := make(map[int32][]result.Ref, len(failed))
	for _, g := range failed {
		evidence[g] = nil
	}
	scan(func(g int32, m *row) {
		if refs, ok := evidence[g]; ok {
			if a := firstAnchor(m); a != nil {
				evidence[g] = append(refs, a.ref())
			}
		}
	})
	for _, gi := range failed {
		g := &groups[gi]
		// the key is shown as grouping saw it: before count, sum and value are set
		env.clear(g.first)
		shown := []string{}
		for _, kp := range p.key {
			shown = append(shown, display(env.run(&c.vm, kp), "en"))
		}
		src, column := judge(g)
		c.emit(p, viewOf(p, g.first), g.first, src, column, evidence[gi], "", shown)
	}
}

// runDuplicate reports a row whose `key` an earlier row already had — with `differ`, only when its
// differ value was not seen yet for that key — at the later row, the first in context.first.
func (c *checker) runDuplicate(p *part) {
	env := c.env
	rows := c.rowsOf(p.on)
	// First each row judged is remembered by 32 bits of its key's hash and its index, in one
	// uint64 (at 1M rows the keys cost 80 MB, a map of hashes 33 MB, this list 8 MB); sorted, the
	// rows after the first of each hash are the candidates. A candidate is confirmed, in row
	// order, by evaluating the key of the first row of its hash again (only candidates pay that);
	// keys whose hashes collide are kept whole in exact.
	seen := make([]uint64, 0, len(rows))
	for i, r := range rows {
		if _, _, _, ok := c.judged(p, r); !ok {
			continue
		}
		c.ran++
		c.keyBuf = c.key(c.keyBuf, p.key)
		seen = append(seen, dupHash(c.keyBuf)>>32<<32|uint64(i))
	}
	slices.Sort(seen)
	var later [][2]int32 // candidates: a row, and the first row of its hash
	for k, first := 1, 0; k < len(seen); k++ {
		if seen[k]>>32 != seen[first]>>32 {
			first = k
			continue
		}
		later = append(later, [2]int32{int32(uint32(seen[k])), int32(uint32(seen[first]))})
	}
	seen = nil
	slices.SortFunc(later, func(a, b [2]int32) int { return cmp.Compare(a[0], b[0]) })
	exact := map[string]int32{}   // key → first row, for keys whose hash collided
	more := map[string][]string{} // by key: the other differ values seen (few keys have any)
	var diff, firstKey, firstDiff []byte
	// recall evaluates an earlier row's key and differ value into firstKey and firstDiff and
	// returns its source, then judges r again. Judging is deterministic: the earlier row passes as
	// it did when it was first seen.
	recall := func(at int32, r *row) *source {
		_, src, _, _ := c.judged(p, rows[at])
		firstKey, firstDiff = c.key(firstKey, p.key), c.key(firstDiff, p.differ)
		c.judged(p, r)
		return src
	}
	for _, cand := range later {
		i, at := cand[0], cand[1]
		r := rows[i]
		v, src, column, _ := c.judged(p, r)
		c.keyBuf = c.key(c.keyBuf, p.key)
		firstSrc := recall(at, r)
		if string(firstKey) != string(c.keyBuf) { // another key with the same hash
			var found bool
			if at, found = exact[string(c.keyBuf)]; !found {
				exact[string(c.keyBuf)] = i
				continue
			}
			firstSrc = recall(at, r)
		}
		if len(p.differ) > 0 {
			diff = c.key(diff, p.differ)
			if string(firstDiff) == string(diff) || slices.Contains(more[string(c.keyBuf)], string(diff)) {
				continue
			}
			more[string(c.keyBuf)] = append(more[string(c.keyBuf)], string(diff))
		}
		env.figures(p.actual, p.required)
		c.emit(p, v, r, src, column, nil, refText(firstSrc.ref()), fingerprintKey(v, r))
	}
}

// groupKey is a 128-bit hash of an aggregate's group key: two keys share one with odds of about
// n²/2¹²⁹ (n keys), which no batch comes near.
type groupKey [2]uint64

var groupSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func hashGroupKey(key []byte) groupKey {
	return groupKey{maphash.Bytes(groupSeeds[0], key), maphash.Bytes(groupSeeds[1], key)}
}

var dupSeed = maphash.MakeSeed()

// dupHash hashes a duplicate rule's key (a variable so that a test can make every key collide).
var dupHash = func(key []byte) uint64 { return maphash.Bytes(dupSeed, key) }

// contextKeys are copied from a row into a violation's context when they hold a value.
var contextKeys = []string{"year", "dispatch_org", "recipient_org", "dispatch_province", "recipient_province",
	"county", "province", "name", "id_number", "actual", "required", "other_file"}

// emit builds one violation of the current row (c.env), first naming the first row of a duplicate.
func (c *checker) emit(p *part, v *viewDef, r *row, src *source, column string, rows []result.Ref, first string, key []string) {
	lang := c.opt.Lang
	env := c.env
	if c.opt.MaskPII {
		env.mask = c.mask
		defer func() { env.mask = nil }()
	}
	if first != "" {
		env.scratch[symFirst] = first
	}
	vl := result.Violation{Rule: c.rule.ID, Severity: c.rule.Severity, Title: c.rule.Title(lang), PolicyRef: c.rule.PolicyRef}
	if src != nil {
		loc := src.loc()
		vl.File, vl.Sheet, vl.Row = loc.File, loc.Sheet, loc.Row
	}
	if src != nil && column != "" {
		col, raw, _ := src.cellOf(column)
		vl.Column, vl.Value = col, c.mask(column, raw)
		vl.Cell = workbook.Location{Col: col, Row: vl.Row}.Cell()
		env.scratch[symCell], env.scratch[symColumn] = vl.Cell, col
	}
	env.scratch[symRows], env.scratch[symEvidence] = "", ""
	if len(rows) > 0 {
		vl.Rows = make([]int, len(rows))
		for i, x := range rows {
			vl.Rows[i] = x.Row
		}
		vl.Evidence = rows
		file, sheet := "", ""
		if src != nil {
			file, sheet = base(vl.File), vl.Sheet
		}
		text := rowsText(rows, file, sheet, lang)
		env.scratch[symRows], env.scratch[symEvidence] = text, pick(lang, "（"+text+"）", " ("+text+")")
	}
	vl.Message = p.message[langIndex(lang)].render(&c.vm, env, lang)
	vl.Context = make(map[string]any, 8) // one group: most contexts hold up to 8 keys
	for i, k := range contextKeys {
		switch val := env.get(c.contextIDs[i]).(type) {
		case nil:
		case string:
			if val != "" {
				vl.Context[k] = val
			}
		case float64:
			if n, ok := toInt(val); ok {
				vl.Context[k] = n
			} else {
				vl.Context[k] = math.Round(val*100) / 100
			}
		case time.Time:
			vl.Context[k] = val.Format("2006-01-02")
		case int, bool:
			vl.Context[k] = val
		default:
			vl.Context[k] = display(val, lang)
		}
	}
	if first != "" {
		vl.Context["first"] = first
	}
	if len(vl.Context) == 0 {
		vl.Context = nil
	}
	vl.Fingerprint = fingerprint(c.rule.ID, vl.File, vl.Sheet, column, key)
	c.out = append(c.out, vl)
}

func langIndex(lang string) int {
	if lang == "en" {
		return 1
	}
	return 0
}

// mask hides personal numbers when asked to.
func (c *checker) mask(field, s string) string {
	if !c.opt.MaskPII || s == "" {
		return s
	}
	switch field {
	case "id_number":
		return ident.MaskID(s)
	case "phone":
		return ident.MaskPhone(s)
	}
	return s
}

// fingerprintKey is a row's identity for fingerprints: its view's key fields (not its row number,
// so that inserting rows above it does not change it).
func fingerprintKey(v *viewDef, r *row) []string {
	out := make([]string, len(v.key))
	for i, k := range v.key {
		out[i] = display(r.get(k), "en")
	}
	return out
}

// fingerprint identifies a violation across runs: sha256 of rule, file, sheet and key parts.
func fingerprint(rule, file, sheet string, key0 string, key []string) string {
	h := sha256.New()
	buf := make([]byte, 0, 256)
	buf = append(append(append(append(append(buf, rule...), 0), base(file)...), 0), sheet...)
	buf = append(append(buf, 0), key0...)
	for _, k := range key {
		buf = append(append(buf, 0), k...)
	}
	h.Write(buf)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:8])
}
