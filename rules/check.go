package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
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
	// per rule while it runs
	rule    *Rule
	out     []result.Violation
	ran     int    // rows (or groups) the rule was applied to
	skipped string // why it was not applied somewhere
	// recIndex finds the record a reader problem lies in (built on first use)
	recIndex map[recKey]recRef
	problems []problem
}

// Check runs every rule over a batch of province workbooks and the optional allocation workbook.
func (rs *RuleSet) Check(books []*workbook.Workbook, allocation *workbook.Workbook, opt Options) Outcome {
	c := rs.newChecker(books, allocation, opt)
	out := Outcome{Files: c.d.facts, Coverage: c.d.coverage}
	for _, r := range rs.rules {
		st := result.RuleStatus{Rule: r.ID, Severity: r.Severity, Title: r.Title(c.opt.Lang), PolicyRef: r.PolicyRef}
		if r.Disabled {
			st.Status = "disabled"
			out.Status = append(out.Status, st)
			continue
		}
		c.runRule(r)
		st.Violations = len(c.out)
		switch {
		case len(c.out) > 0:
			st.Status = "failed"
		case c.ran == 0 && c.skipped != "":
			st.Status, st.Reason = "skipped", c.skipped
		default:
			st.Status = "passed"
		}
		out.Status = append(out.Status, st)
		out.Violations = append(out.Violations, c.out...)
	}
	sortViolations(out.Violations)
	return out
}

// checkOne runs one rule (for its examples).
func (rs *RuleSet) checkOne(r *Rule, books []*workbook.Workbook, allocation *workbook.Workbook, opt Options) []result.Violation {
	c := rs.newChecker(books, allocation, opt)
	c.runRule(r)
	return c.out
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
	return &checker{rs: rs, d: d, opt: opt}
}

func (c *checker) runRule(r *Rule) {
	c.rule, c.out, c.ran, c.skipped = r, nil, 0, ""
	if c.ownParams() {
		defer c.restoreParams()
	}
	for _, p := range r.parts {
		switch r.Kind {
		case "problem":
			if c.problems == nil {
				c.problems = c.d.problems()
			}
			c.runProblems(p, c.problems)
		case "row":
			c.runRows(p)
		case "aggregate":
			c.runAggregate(p)
		case "duplicate":
			c.runDuplicate(p)
		}
	}
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
func (c *checker) rowsOf(p *part) []*row {
	var out []*row
	for _, v := range p.on {
		out = append(out, c.d.views[v.name]...)
	}
	if len(out) == 0 {
		c.noteAbsent(p.on[0])
	}
	if len(p.on) > 1 {
		sort.SliceStable(out, func(i, j int) bool { return less(out[i].order, out[j].order) })
	}
	return out
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
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
	for _, b := range c.d.books {
		if _, ok := b.Tables[table]; ok {
			return
		}
	}
	c.skip(func() string { return c.noSheet("", table) })
}

// skip records the first reason a rule was not applied somewhere; reason is only built then.
func (c *checker) skip(reason func() string) {
	if c.skipped == "" {
		c.skipped = reason()
	}
}

func (c *checker) noAllocation() string {
	return pick(c.opt.Lang, "未提供任务分配表(--allocation)", "no allocation table (--allocation)")
}

func (c *checker) noSheet(file, table string) string {
	name := table
	if sh := schema.Default().Sheet(table); sh != nil {
		name = sh.Name
	}
	if file == "" {
		return pick(c.opt.Lang, "没有“"+name+"”工作表", "no sheet "+name)
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
			if name == a && i < len(r.anchors) && r.anchors[i] != nil {
				return r.anchors[i], true
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
		if v.table == r.env["table"] {
			return v
		}
	}
	return p.on[0]
}

// usable reports whether a part applies to a row: its anchor exists, the sheets it needs are in the
// anchor's file, its columns are present there and their cells hold values. It returns the anchor
// and the column (field) at fault.
func (c *checker) usable(p *part, v *viewDef, r *row) (*source, string, bool) {
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
		return nil, "", false
	}
	if src != nil && src.book != nil {
		for _, t := range p.needs {
			if t == "allocation" {
				if c.d.alloc == nil {
					c.skip(c.noAllocation)
					return nil, "", false
				}
				continue
			}
			if _, has := src.book.Tables[t]; !has {
				c.skip(func() string { return c.noSheet(src.book.Path, t) })
				return nil, "", false
			}
		}
	}
	for _, f := range p.requires {
		if !c.present(src, f, r) {
			return nil, "", false
		}
	}
	column := ""
	if len(p.column) > 0 {
		for _, f := range p.column {
			if _, in := r.env[f]; !in {
				continue
			}
			if c.present(src, f, r) {
				column = f
				break
			}
		}
		if column == "" && !p.optColumn {
			return nil, "", false
		}
	}
	return src, column, true
}

// present: the field's column exists in the source's sheet (else the rule is skipped for that file,
// noted once) and its value is not empty.
func (c *checker) present(src *source, f string, r *row) bool {
	if src != nil && src.rec != nil && src.table.Sheet.FieldIndex(f) >= 0 && !src.table.HasColumn(f) {
		c.skip(func() string {
			h := src.table.Sheet.Field(f).Header
			return pick(c.opt.Lang, base(src.loc.File)+" “"+src.table.Sheet.Name+"”缺少“"+h+"”列",
				base(src.loc.File)+": sheet "+src.table.Sheet.Name+" has no column "+h)
		})
		return false
	}
	return r.env[f] != nil
}

// setParams gives a row the params of the running rule: every row holds the global params (set
// when the dataset was built); a rule with params of its own swaps its own in, and runRule puts
// the global ones back.
func (c *checker) setParams(env map[string]any) {
	if c.ownParams() {
		env["params"] = c.rule.params
	}
}

func (c *checker) ownParams() bool { return len(c.rule.spec.params) > 0 }

// restoreParams puts the global params back into every row after a rule with its own ran.
func (c *checker) restoreParams() {
	for _, rows := range c.d.views {
		for _, r := range rows {
			r.env["params"] = c.rs.params
		}
	}
}

func (c *checker) runRows(p *part) {
	for _, r := range c.rowsOf(p) {
		v := viewOf(p, r)
		src, column, ok := c.usable(p, v, r)
		if !ok {
			continue
		}
		env := r.env
		c.setParams(env)
		env["value"], env["header"] = nil, nil
		if column != "" {
			env["value"], env["header"] = env[column], header(src, column)
		}
		if p.when != nil && !truthy(run(&c.vm, p.when, env)) {
			continue
		}
		c.ran++
		env["actual"], env["required"] = run(&c.vm, p.actual, env), run(&c.vm, p.required, env)
		if p.check != nil && truthy(run(&c.vm, p.check, env)) {
			continue
		}
		var rows []result.Ref
		if p.rows != nil {
			rows, _ = run(&c.vm, p.rows, env).([]result.Ref)
		}
		c.emit(p, v, r, src, column, rows, nil, fingerprintKey(v, env))
	}
}

func header(src *source, field string) string {
	if src != nil && src.table != nil {
		if f := src.table.Sheet.Field(field); f != nil {
			return f.Header
		}
	}
	return field
}

// runAggregate groups rows (of `on`, by `key`), counts or sums their members (the rows of `members`
// whose `match` equals the group's key and which pass `where`; without `members`, the group's own
// rows) and reports each group that fails `check` at its first row.
func (c *checker) runAggregate(p *part) {
	type group struct {
		first   *row
		src     *source
		column  string
		key     []any
		members []*row
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, r := range c.rowsOf(p) {
		v := viewOf(p, r)
		src, column, ok := c.usable(p, v, r)
		if !ok {
			continue
		}
		c.setParams(r.env)
		if p.when != nil && !truthy(run(&c.vm, p.when, r.env)) {
			continue
		}
		key := make([]any, len(p.key))
		for i, k := range p.key {
			key[i] = run(&c.vm, k, r.env)
		}
		ks := keyString(key)
		if len(p.key) == 0 {
			ks = fmt.Sprintf("%p", r)
		}
		g := byKey[ks]
		if g == nil {
			g = &group{first: r, src: src, column: column, key: key}
			byKey[ks] = g
			groups = append(groups, g)
		}
		if p.members == nil {
			g.members = append(g.members, r)
		}
	}
	if p.members != nil {
		for _, m := range c.d.views[p.members.name] {
			c.setParams(m.env)
			if p.where != nil && !truthy(run(&c.vm, p.where, m.env)) {
				continue
			}
			key := make([]any, len(p.match))
			for i, k := range p.match {
				key[i] = run(&c.vm, k, m.env)
			}
			if g := byKey[keyString(key)]; g != nil {
				g.members = append(g.members, m)
			}
		}
	}
	for _, g := range groups {
		c.ran++
		env := g.first.env
		c.setParams(env)
		var sum float64
		var refs []result.Ref
		for _, m := range g.members {
			if p.sum != nil {
				c.setParams(m.env)
				f, _ := toFloat(run(&c.vm, p.sum, m.env))
				sum += f
			}
			if a := firstAnchor(m); a != nil {
				refs = append(refs, a.ref())
			}
		}
		env["count"], env["sum"] = len(g.members), sum
		env["value"], env["header"] = nil, nil
		if g.column != "" {
			env["value"], env["header"] = env[g.column], header(g.src, g.column)
		}
		env["actual"], env["required"] = run(&c.vm, p.actual, env), run(&c.vm, p.required, env)
		if truthy(run(&c.vm, p.check, env)) {
			continue
		}
		key := []string{}
		for _, k := range g.key {
			key = append(key, display(k, "en"))
		}
		c.emit(p, viewOf(p, g.first), g.first, g.src, g.column, refs, nil, key)
	}
}

func keyString(key []any) string {
	var b strings.Builder
	for _, k := range key {
		b.WriteString(display(k, "en"))
		b.WriteByte('\x1f')
	}
	return b.String()
}

// runDuplicate reports a row whose `key` an earlier row already had — with `differ`, only when its
// differ value was not seen yet for that key — at the later row, the first in context.first.
func (c *checker) runDuplicate(p *part) {
	type seen struct {
		first  *source
		differ map[string]bool
	}
	byKey := map[string]*seen{}
	for _, r := range c.rowsOf(p) {
		v := viewOf(p, r)
		src, column, ok := c.usable(p, v, r)
		if !ok {
			continue
		}
		c.setParams(r.env)
		if p.when != nil && !truthy(run(&c.vm, p.when, r.env)) {
			continue
		}
		c.ran++
		key := make([]any, len(p.key))
		for i, k := range p.key {
			key[i] = run(&c.vm, k, r.env)
		}
		diff := make([]any, len(p.differ))
		for i, k := range p.differ {
			diff[i] = run(&c.vm, k, r.env)
		}
		ks, ds := keyString(key), keyString(diff)
		s := byKey[ks]
		if s == nil {
			byKey[ks] = &seen{first: src, differ: map[string]bool{ds: true}}
			continue
		}
		if len(p.differ) > 0 && s.differ[ds] {
			continue
		}
		s.differ[ds] = true
		r.env["actual"], r.env["required"] = run(&c.vm, p.actual, r.env), run(&c.vm, p.required, r.env)
		c.emit(p, v, r, src, column, nil, map[string]any{"first": refText(s.first.ref())}, fingerprintKey(v, r.env))
	}
}

// contextKeys are copied from a row into a violation's context when they hold a value.
var contextKeys = []string{"year", "dispatch_org", "recipient_org", "dispatch_province", "recipient_province",
	"county", "province", "name", "id_number", "actual", "required", "other_file"}

// emit builds one violation.
func (c *checker) emit(p *part, v *viewDef, r *row, src *source, column string, rows []result.Ref, extra map[string]any, key []string) {
	lang := c.opt.Lang
	// the message sees the row with a few names added or masked; they are put back afterwards
	// rather than copying the row
	env := r.env
	saved := map[string]any{}
	set := func(k string, v any) {
		if _, done := saved[k]; !done {
			saved[k] = env[k]
		}
		env[k] = v
	}
	defer func() {
		for k, v := range saved {
			env[k] = v
		}
	}()
	for k, val := range extra {
		set(k, val)
	}
	vl := result.Violation{Rule: c.rule.ID, Severity: c.rule.Severity, Title: c.rule.Title(lang), PolicyRef: c.rule.PolicyRef}
	if src != nil {
		vl.File, vl.Sheet, vl.Row = src.loc.File, src.loc.Sheet, src.loc.Row
	}
	if src != nil && column != "" {
		col, raw, _ := src.cell(column)
		vl.Column, vl.Value = col, c.mask(column, raw)
		vl.Cell = workbook.Location{Col: col, Row: vl.Row}.Cell()
		set("cell", vl.Cell)
		set("column", col)
	}
	if len(rows) > 0 {
		vl.Rows = make([]int, len(rows))
		for i, x := range rows {
			vl.Rows[i] = x.Row
		}
		vl.Evidence = rows
		file, sheet := "", ""
		if src != nil {
			file, sheet = base(src.loc.File), src.loc.Sheet
		}
		text := rowsText(rows, file, sheet, lang)
		set("rows", text)
		set("evidence", pick(lang, "（"+text+"）", " ("+text+")"))
	} else {
		set("rows", "")
		set("evidence", "")
	}
	for _, k := range []string{"id_number", "phone"} {
		if s, ok := env[k].(string); ok {
			set(k, c.mask(k, s))
		}
	}
	vl.Message = p.message[langIndex(lang)].render(&c.vm, env, lang)
	vl.Context = map[string]any{}
	for _, k := range contextKeys {
		switch val := env[k].(type) {
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
	if f, ok := extra["first"].(string); ok {
		vl.Context["first"] = f
	}
	if len(vl.Context) == 0 {
		vl.Context = nil
	}
	vl.Fingerprint = fingerprint(c.rule.ID, vl.File, vl.Sheet, append([]string{column}, key...))
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
func fingerprintKey(v *viewDef, env map[string]any) []string {
	out := make([]string, len(v.key))
	for i, k := range v.key {
		out[i] = display(env[k], "en")
	}
	return out
}

func fingerprint(rule, file, sheet string, key []string) string {
	h := sha256.New()
	h.Write([]byte(rule + "\x00" + base(file) + "\x00" + sheet))
	for _, k := range key {
		h.Write([]byte("\x00" + k))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
