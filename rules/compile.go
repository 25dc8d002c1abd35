package rules

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/schema"
)

var kindNames = []string{"row", "aggregate", "duplicate", "problem"}

// problemCodes are the reader's problem codes (workbook.Problem.Code) a `problem` rule reports.
var problemCodes = keySet("file-unreadable", "missing-sheet", "missing-column", "missing-value", "invalid-value", "unknown-column")

// Names offered beside a view's fields: to checks (row and aggregate kinds) and to messages.
var (
	checkNames    = []string{"value", "header", "actual", "required", "count", "sum"}
	templateNames = []string{"rows", "evidence", "first", "other_file", "cell", "column"}
	problemNames  = []string{"file", "sheet", "row", "column", "cell", "field", "header", "value", "detail", "sheet_name"}
)

// part is one compiled unit of a rule: the rule itself, or one of its variants.
type part struct {
	on       []*viewDef
	at       []string
	column   []string
	requires []string
	needs    []need
	when     *prog
	check    *prog
	actual   *prog
	required *prog
	rows     *prog
	key      []*prog
	match    []*prog
	differ   []*prog
	members  *viewDef
	where    *prog
	sum      *prog
	code     string
	// symbol ids of requires and column
	requireIDs, columnIDs []int
	message               [2]*tmpl // zh, en
	// optColumn: the column is where a violation points when it holds a value, not a requirement
	optColumn bool
}

// compile checks and compiles every derived field and rule, returning every mistake found.
func (rs *RuleSet) compile() []Issue {
	var issues []Issue
	add := func(line int, format string, a ...any) {
		issues = append(issues, Issue{line, fmt.Sprintf(format, a...)})
	}
	sc := schema.Default()
	rs.syms = newSymbols()
	rs.layouts = buildLayouts(rs.syms, rs.derive)

	// derived fields, per view in file order; each may use the ones before it
	derivedNames := map[string][]string{}
	derivedParams := map[string][]string{}
	for _, d := range rs.derive {
		v := viewByName(d.view)
		if v == nil {
			add(d.line, "derive: unknown view %q (known: %s)", d.view, strings.Join(viewNamesList(), ", "))
			continue
		}
		// A derived field is stored per row: it may replace a field Go stores, not one read from
		// the sheet or computed when read.
		if lay := rs.layouts[d.view]; lay.slot[d.name] < lay.nrec || lay.slot[d.name] >= lay.nrec+lay.stored {
			add(d.line, "derive %s.%s: %s is already a field of the view, read from the sheet or computed when read; give the derived field another name",
				d.view, d.name, d.name)
			continue
		}
		c := newCompiler(rs.syms, rs.params, derivedParams, v.fieldNames(sc), derivedNames[d.view])
		prog, used, err := c.compile(d.src)
		if err != nil {
			add(d.line, "derive %s.%s: %v", d.view, d.name, err)
			continue
		}
		d.prog = prog
		derivedNames[d.view] = append(derivedNames[d.view], d.name)
		derivedParams[d.name] = used
	}
	viewFields := func(v *viewDef) []string { return append(v.fieldNames(sc), derivedNames[v.name]...) }

	ids := map[string]bool{}
	for _, r := range rs.rules {
		s := r.spec
		ids[r.ID] = true
		r.Kind = s.str("kind")
		r.Severity = result.Severity(s.str("severity"))
		r.PolicyRef = s.str("policy_ref")
		r.Disabled = s.str("disabled") == "true"
		switch {
		case !s.has("severity"):
			add(s.line, "rule %s: severity is missing (error, warning or info)", r.ID)
		case r.Severity.Rank() == 0:
			add(s.lineOf("severity"), "rule %s: severity %q must be error, warning or info", r.ID, s.str("severity"))
		}
		if s.str("title") == "" {
			add(s.line, "rule %s: title is missing", r.ID)
		}
		// a rule without params of its own shares the global map (so --set reaches it)
		r.params = rs.params
		if len(s.params) > 0 {
			r.params = map[string]any{}
			for k, v := range rs.params {
				r.params[k] = v
			}
		}
		for _, k := range sortedKeys(s.params) {
			v := s.params[k]
			if old, ok := rs.params[k]; ok {
				cv, err := convertLike(old, v)
				if err != nil {
					add(s.lineOf("params"), "rule %s: param %s: %v", r.ID, k, err)
					continue
				}
				v = cv
			}
			r.params[k] = v
		}
		if !contains(kindNames, r.Kind) {
			add(s.lineOf("kind"), "rule %s: unknown kind %q (known: %s)", r.ID, r.Kind, strings.Join(kindNames, ", "))
			continue
		}
		specs := []*spec{s}
		if len(s.vars) > 0 {
			specs = specs[:0]
			for _, v := range s.vars {
				specs = append(specs, s.overlay(v))
			}
		}
		r.parts = nil
		used := map[string]bool{}
		for _, ps := range specs {
			p, u, is := compilePart(rs.syms, r, ps, viewFields, derivedParams)
			issues = append(issues, is...)
			for _, x := range u {
				used[x] = true
			}
			r.parts = append(r.parts, p)
		}
		r.used = sortedKeys(used)
		for _, v := range r.parts[0].on {
			r.On = append(r.On, v.name)
		}
		ex, lines, is := decodeExamples(r, s)
		r.Examples, r.exLines = ex, lines
		issues = append(issues, is...)
	}
	return issues
}

func viewNamesList() []string {
	var out []string
	for _, v := range viewDefs {
		out = append(out, v.name)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// compilePart compiles one rule body against the views it runs over.
func compilePart(syms *symbols, r *Rule, s *spec, viewFields func(*viewDef) []string, derived map[string][]string) (*part, []string, []Issue) {
	var issues []Issue
	add := func(line int, format string, a ...any) {
		issues = append(issues, Issue{line, fmt.Sprintf("rule %s: ", r.ID) + fmt.Sprintf(format, a...)})
	}
	p := &part{at: s.strs("at"), column: s.strs("column"), requires: s.strs("requires")}
	var used []string
	if r.Kind == "problem" {
		p.code = s.str("code")
		if p.code == "" {
			p.code = r.ID
		}
		if !problemCodes[p.code] {
			add(s.lineOf("code"), "code %q is not a reader problem (known: %s)", p.code, known(problemCodes))
		}
		c := newCompiler(syms, r.params, nil, problemNames)
		p.message, used = compileMessages(c, s, add)
		return p, used, issues
	}
	var names []string
	for _, on := range s.strs("on") {
		v := viewByName(on)
		if v == nil {
			add(s.lineOf("on"), "unknown view %q (known: %s)", on, strings.Join(viewNamesList(), ", "))
			continue
		}
		p.on = append(p.on, v)
		names = append(names, viewFields(v)...)
	}
	if len(p.on) == 0 {
		if !s.has("on") {
			add(s.line, "on: is missing (the view it runs over: %s)", strings.Join(viewNamesList(), ", "))
		}
		return p, nil, issues
	}
	for _, a := range p.at {
		for _, v := range p.on {
			if !v.hasAnchor(a) {
				add(s.lineOf("at"), "view %s has no anchor %q (anchors: %s)", v.name, a, strings.Join(v.anchors, ", "))
			}
		}
	}
	fieldOK := func(key string, f string) {
		for _, v := range p.on {
			if contains(viewFields(v), f) {
				return
			}
		}
		add(s.lineOf(key), "unknown field %q for view %s", f, r.spec.str("on"))
	}
	for i, f := range p.column {
		if strings.HasSuffix(f, "?") {
			f = strings.TrimSuffix(f, "?")
			p.column[i], p.optColumn = f, true
		}
		fieldOK("column", f)
	}
	for _, f := range p.requires {
		fieldOK("requires", f)
		p.requireIDs = append(p.requireIDs, syms.id(f))
	}
	for _, f := range p.column {
		p.columnIDs = append(p.columnIDs, syms.id(f))
	}
	for _, src := range s.strs("needs") {
		n, err := parseNeed(src)
		if err != nil {
			add(s.lineOf("needs"), "needs: %v", err)
			continue
		}
		p.needs = append(p.needs, n)
	}
	c := newCompiler(syms, r.params, derived, names, checkNames)
	one := func(key string) *prog {
		if !s.has(key) {
			return nil
		}
		prog, u, err := c.compile(s.str(key))
		if err != nil {
			add(s.lineOf(key), "%s: %v", key, err)
			return nil
		}
		used = append(used, u...)
		return prog
	}
	list := func(cc *compiler, key string) []*prog {
		var out []*prog
		for _, src := range s.strs(key) {
			prog, u, err := cc.compile(src)
			if err != nil {
				add(s.lineOf(key), "%s: %v", key, err)
				continue
			}
			used = append(used, u...)
			out = append(out, prog)
		}
		return out
	}
	p.when, p.actual, p.required, p.rows = one("when"), one("actual"), one("required"), one("rows")
	p.check = one("check")
	switch r.Kind {
	case "row":
		if p.check == nil && !s.has("check") && !s.has("when") {
			add(s.line, "a row rule needs check: (or when: for a rule every matching row breaks)")
		}
	case "duplicate":
		p.key, p.differ = list(c, "key"), list(c, "differ")
		if len(p.key) == 0 {
			add(s.line, "a duplicate rule needs key:")
		}
	case "aggregate":
		p.key = list(c, "key")
		if m := s.str("members"); m != "" {
			p.members = viewByName(m)
			if p.members == nil {
				add(s.lineOf("members"), "unknown view %q", m)
				break
			}
			mc := newCompiler(syms, r.params, derived, viewFields(p.members))
			p.match = list(mc, "match")
			if len(p.match) != len(p.key) {
				add(s.lineOf("match"), "match: needs one expression per key expression (%d), has %d", len(p.key), len(p.match))
			}
			if s.has("where") {
				prog, u, err := mc.compile(s.str("where"))
				if err != nil {
					add(s.lineOf("where"), "where: %v", err)
				}
				p.where, used = prog, append(used, u...)
			}
			if s.has("sum") {
				prog, u, err := mc.compile(s.str("sum"))
				if err != nil {
					add(s.lineOf("sum"), "sum: %v", err)
				}
				p.sum, used = prog, append(used, u...)
			}
		} else {
			if len(p.key) == 0 {
				add(s.line, "an aggregate rule needs key: (or members: to count another view's rows)")
			}
			if s.has("sum") {
				p.sum = one("sum")
			}
		}
		if p.check == nil && !s.has("check") {
			add(s.line, "an aggregate rule needs check:")
		}
	}
	tc := newCompiler(syms, r.params, derived, names, checkNames, templateNames)
	msgs, u := compileMessages(tc, s, add)
	p.message = msgs
	return p, append(used, u...), issues
}

// need is a sheet the anchor's file must have (or allocation: the run's allocation table) and,
// written sheet.field or sheet.field1|field2, a column that sheet must have (one of them).
type need struct {
	table  string
	fields []string
}

func parseNeed(src string) (need, error) {
	table, cols, hasCols := strings.Cut(src, ".")
	n := need{table: table}
	if table == "allocation" && !hasCols {
		return n, nil
	}
	sh := schema.Default().Sheet(table)
	if sh == nil {
		return n, fmt.Errorf("unknown sheet %q", table)
	}
	if !hasCols {
		return n, nil
	}
	for _, f := range strings.Split(cols, "|") {
		if sh.Field(f) == nil {
			return n, fmt.Errorf("sheet %s has no field %q", table, f)
		}
		n.fields = append(n.fields, f)
	}
	return n, nil
}

func compileMessages(c *compiler, s *spec, add func(int, string, ...any)) ([2]*tmpl, []string) {
	var out [2]*tmpl
	var used []string
	if s.str("message") == "" {
		add(s.line, "message is missing")
	}
	for i, k := range []string{"message", "message_en"} {
		if !s.has(k) {
			continue
		}
		t, u, err := c.template(s.str(k))
		if err != nil {
			add(s.lineOf(k), "%s: %v", k, err)
			continue
		}
		out[i], used = t, append(used, u...)
	}
	if out[1] == nil {
		out[1] = out[0]
	}
	return out, used
}

// datasetKeys are the keys of an example that describes a small batch rather than one row.
var datasetKeys = keySet("pairings", "workers", "trainees", "funds", "stations", "logs", "allocation",
	"info", "books", "problems", "sheets", "options")

func decodeExamples(r *Rule, s *spec) (Examples, []int, []Issue) {
	var ex Examples
	var lines []int
	n, ok := s.nodes["examples"]
	if !ok {
		return ex, nil, nil
	}
	var issues []Issue
	if n.Kind != yaml.MappingNode {
		return ex, nil, []Issue{{n.Line, fmt.Sprintf("rule %s: examples: must have pass: and fail: lists", r.ID)}}
	}
	var table string
	if len(r.parts) > 0 && len(r.parts[0].on) > 0 {
		table = r.parts[0].on[0].table
	}
	var pass, fail []int
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value != "pass" && k.Value != "fail" {
			issues = append(issues, Issue{k.Line, fmt.Sprintf("rule %s: examples: unknown key %q (pass, fail)", r.ID, k.Value)})
			continue
		}
		for _, item := range v.Content {
			val, err := nodeValue(item)
			m, isMap := val.(map[string]any)
			if err != nil || !isMap {
				issues = append(issues, Issue{item.Line, fmt.Sprintf("rule %s: an example is a row (field: value) or a small dataset", r.ID)})
				continue
			}
			if bad := unknownExampleKeys(m, table); len(bad) > 0 {
				issues = append(issues, Issue{item.Line, fmt.Sprintf("rule %s: example: unknown field(s) %s", r.ID, strings.Join(bad, ", "))})
				continue
			}
			if k.Value == "pass" {
				ex.Pass = append(ex.Pass, m)
				pass = append(pass, item.Line)
			} else {
				ex.Fail = append(ex.Fail, m)
				fail = append(fail, item.Line)
			}
		}
	}
	lines = append(pass, fail...)
	return ex, lines, issues
}

// unknownExampleKeys returns the keys of an example row that are not fields of table (a dataset
// example is checked when it is built).
func unknownExampleKeys(m map[string]any, table string) []string {
	isDataset := true
	for k := range m {
		if !datasetKeys[k] {
			isDataset = false
		}
	}
	if isDataset {
		return nil
	}
	sh := schema.Default().Sheet(table)
	var bad []string
	for k := range m {
		if sh == nil || sh.Field(k) == nil {
			bad = append(bad, k)
		}
	}
	sort.Strings(bad)
	return bad
}
