package rules

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	exprchecker "github.com/expr-lang/expr/checker"
	exprcompiler "github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/vm"

	"github.com/qianshou/qianshou/internal/ident"
	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/result"
)

// helpers are the functions every expression may call. Each tolerates nil arguments (an empty
// cell) by returning a neutral value, so that a rule never fails on missing data: missing-value
// reports that.
var helpers = []expr.Option{
	fn("id_fault", func(a ...any) (any, error) {
		s, _ := a[0].(string)
		asOf, _ := a[1].(time.Time)
		if s == "" {
			return "", nil
		}
		return string(ident.CheckIDNumber(s, asOf)), nil
	}, new(func(any, any) string)),
	fn("credit_fault", func(a ...any) (any, error) {
		s, _ := a[0].(string)
		if s == "" {
			return "", nil
		}
		return string(ident.CheckCreditCode(s)), nil
	}, new(func(any) string)),
	fn("fault_text", func(a ...any) (any, error) {
		f, _ := a[0].(string)
		lang, _ := a[1].(string)
		return ident.FaultText(ident.Fault(f), lang), nil
	}, new(func(any, any) string)),
	fn("credit_division", func(a ...any) (any, error) {
		s, _ := a[0].(string)
		return ident.CreditDivision(s), nil
	}, new(func(any) string)),
	// in_area: a 6-digit division equals the county code, its prefecture's (4 digits + 00) or its
	// province's (2 digits + 0000).
	fn("in_area", func(a ...any) (any, error) {
		div, _ := a[0].(string)
		county, _ := a[1].(string)
		if len(div) != 6 || len(county) != 6 {
			return false, nil
		}
		return div == county || div == county[:4]+"00" || div == county[:2]+"0000", nil
	}, new(func(any, any) bool)),
	fn("is_org_type", func(a ...any) (any, error) {
		s, _ := a[0].(string)
		_, ok := reference.CanonicalOrgType(s)
		return ok, nil
	}, new(func(any) bool)),
	fn("workdays", func(a ...any) (any, error) {
		from, ok1 := a[0].(time.Time)
		to, ok2 := a[1].(time.Time)
		if !ok1 || !ok2 {
			return 0, nil
		}
		return reference.Workdays(from, to), nil
	}, new(func(any, any) int)),
	fn("workdays_in_year", func(a ...any) (any, error) {
		y, ok := toInt(a[0])
		if !ok {
			return 0, nil
		}
		return reference.WorkdaysInYear(y), nil
	}, new(func(any) int)),
	// years_between counts whole months from one date to another, in years (1.5 = 18 months).
	fn("years_between", func(a ...any) (any, error) {
		from, ok1 := a[0].(time.Time)
		to, ok2 := a[1].(time.Time)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return yearsBetween(from, to), nil
	}, new(func(any, any) any)),
	fn("year_start", func(a ...any) (any, error) {
		y, ok := toInt(a[0])
		if !ok {
			return nil, nil
		}
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), nil
	}, new(func(any) any)),
	fn("year_of", func(a ...any) (any, error) {
		t, ok := a[0].(time.Time)
		if !ok {
			return nil, nil
		}
		return t.Year(), nil
	}, new(func(any) any)),
	// days_between counts calendar days from a to b (negative when b is earlier).
	fn("days_between", func(a ...any) (any, error) {
		from, ok1 := a[0].(time.Time)
		to, ok2 := a[1].(time.Time)
		if !ok1 || !ok2 {
			return 0, nil
		}
		return int(math.Round(to.Sub(from).Hours() / 24)), nil
	}, new(func(any, any) int)),
	// show formats a value as messages do: dates as 2006-01-02, lists joined, whole numbers without decimals.
	fn("show", func(a ...any) (any, error) {
		lang, _ := a[1].(string)
		return display(a[0], lang), nil
	}, new(func(any, any) string)),
}

// helperFuncs are the helpers by name, for expressions evaluated without the VM (fast.go).
var helperFuncs = map[string]func(...any) (any, error){}

func fn(name string, f func(...any) (any, error), typ any) expr.Option {
	helperFuncs[name] = f
	return expr.Function(name, f, typ)
}

// functionNames are the names an expression may call: the helpers and expr's builtins.
var functionNames = func() map[string]bool {
	m := keySet("id_fault", "credit_fault", "fault_text", "credit_division", "in_area", "is_org_type",
		"workdays", "workdays_in_year", "years_between", "year_start", "year_of", "days_between", "show")
	for _, n := range builtin.Names {
		m[n] = n != "count" && n != "sum"
	}
	return m
}()

func yearsBetween(from, to time.Time) float64 {
	months := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
	if to.Day() < from.Day() {
		months--
	}
	return float64(months) / 12
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), n == math.Trunc(n)
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// compiler compiles expressions against the names a view (or several) offers. Values are
// dynamic (a cell may be empty), so names are declared untyped and checked by name after parsing;
// each name is compiled to a read of its slot (env.go).
type compiler struct {
	names  map[string]bool
	params map[string]any
	// derived maps a derived field to the params its expression uses (so a rule that reads
	// `qualified` is known to use qualifying_cert_levels)
	derived map[string][]string
	syms    *symbols
}

func newCompiler(syms *symbols, params map[string]any, derived map[string][]string, names ...[]string) *compiler {
	c := &compiler{names: map[string]bool{"params": true, "as_of": true, "lang": true}, params: params, derived: derived, syms: syms}
	for _, list := range names {
		for _, n := range list {
			c.names[n] = true
		}
	}
	return c
}

// compile compiles src; it returns the params it uses and an error fit for a user.
func (c *compiler) compile(src string) (*prog, []string, error) {
	// A bare name ({{name}}, {{year}}: most message holes) reads its field directly; compiling each
	// with expr was a third of the start-up of a small check.
	if name := strings.TrimSpace(src); c.names[name] && !functionNames[name] && isName(name) {
		return &prog{field: c.syms.id(name), source: src}, c.derived[name], nil
	}
	scan := &scanVisitor{callees: map[ast.Node]bool{}, lets: map[string]bool{}}
	fields := &fieldVisitor{scan: scan, known: c.names, syms: c.syms, reads: map[ast.Node]int{}}
	p, err := compileExpr(src, scan, fields)
	if err != nil {
		return nil, nil, fmt.Errorf("expression %q does not compile: %s", src, firstLine(err.Error()))
	}
	used := scan.params
	for _, n := range scan.names {
		if !c.names[n] && !functionNames[n] {
			return nil, nil, fmt.Errorf("expression %q: unknown name %q (not a field of this view, nor params, as_of, lang)", src, n)
		}
		used = append(used, c.derived[n]...)
	}
	for _, name := range scan.params {
		if _, ok := c.params[name]; !ok {
			return nil, nil, fmt.Errorf("expression %q uses unknown param %q", src, name)
		}
	}
	out := &prog{p: p, field: -1, source: src, fast: fastCompile(p.Node())}
	if id, ok := fields.reads[p.Node()]; ok {
		out.field = id
	}
	return out, used, nil
}

// exprConfigs holds expr configurations ready for compiling but for their patches. expr.Compile
// builds one per expression (its builtins, our helpers, the env's type): a fifth of compiling the
// default rules. A configuration serves one compilation at a time, hence the pool.
var exprConfigs = sync.Pool{New: func() any {
	cfg := conf.CreateNew()
	// count and sum are the figures of an aggregate, not expr's builtins of those names
	opts := append([]expr.Option{expr.Env(evalEnv{}), expr.AllowUndefinedVariables(),
		expr.DisableBuiltin("count"), expr.DisableBuiltin("sum")}, helpers...)
	for _, op := range opts {
		op(cfg)
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	return cfg
}}

// compileExpr is expr.Compile(src, opts..., expr.Patch(patches)...) with a pooled configuration.
func compileExpr(src string, patches ...ast.Visitor) (*vm.Program, error) {
	cfg := exprConfigs.Get().(*conf.Config)
	defer exprConfigs.Put(cfg)
	cfg.Visitors = patches
	defer func() { cfg.Visitors = nil }()
	cfg.Check()
	tree, err := exprchecker.ParseCheck(src, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Optimize {
		if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
			var fileError *file.Error
			if errors.As(err, &fileError) {
				return nil, fileError.Bind(tree.Source)
			}
			return nil, err
		}
	}
	return exprcompiler.Compile(tree, cfg)
}

// isName reports whether s is a plain identifier.
func isName(s string) bool {
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func truthy(v any) bool { b, _ := v.(bool); return b }

// tmpl is a message template: text with {{expression}} holes.
type tmpl struct {
	text  []string // len(progs)+1 pieces of literal text
	progs []*prog
}

func (c *compiler) template(src string) (*tmpl, []string, error) {
	t := &tmpl{}
	var used []string
	rest := src
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			t.text = append(t.text, rest)
			return t, used, nil
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			return nil, nil, fmt.Errorf("template %q: {{ without }}", src)
		}
		p, u, err := c.compile(strings.TrimSpace(rest[i+2 : i+j]))
		if err != nil {
			return nil, nil, err
		}
		used = append(used, u...)
		t.text = append(t.text, rest[:i])
		t.progs = append(t.progs, p)
		rest = rest[i+j+2:]
	}
}

func (t *tmpl) render(m *vm.VM, env *evalEnv, lang string) string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	for i, p := range t.progs {
		b.WriteString(t.text[i])
		b.WriteString(display(env.run(m, p), lang))
	}
	b.WriteString(t.text[len(t.text)-1])
	return b.String()
}

// display formats a value for people.
func display(v any, lang string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if lang == "en" {
			return strconv.FormatBool(x)
		}
		if x {
			return "是"
		}
		return "否"
	case int:
		return strconv.Itoa(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', 2, 64)
	case time.Time:
		return x.Format("2006-01-02")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = display(e, lang)
		}
		return strings.Join(parts, listSep(lang))
	case []string:
		return strings.Join(x, listSep(lang))
	case []result.Ref:
		return rowsText(x, "", "", lang)
	}
	return fmt.Sprint(v)
}

func listSep(lang string) string {
	if lang == "en" {
		return ", "
	}
	return "、"
}

// rowsText writes evidence rows: "第 4、9 行" (rows 4, 9) when they lie in the violation's sheet,
// "援派人员第 4、9 行" when in another sheet of its file, "帮扶记录第 2 行、帮扶记录(2)第 2 行" when in
// several (a table continued on another sheet), else each as file!sheet!row.
func rowsText(refs []result.Ref, file, sheet string, lang string) string {
	if len(refs) == 0 {
		return ""
	}
	type sheetRows struct {
		sheet string
		rows  []string
	}
	var bySheet []*sheetRows // in order of first mention
	for _, r := range refs {
		if r.File != file {
			parts := make([]string, len(refs))
			for i, r := range refs {
				parts[i] = refText(r)
			}
			return strings.Join(parts, listSep(lang))
		}
		at := slices.IndexFunc(bySheet, func(g *sheetRows) bool { return g.sheet == r.Sheet })
		if at < 0 {
			at = len(bySheet)
			bySheet = append(bySheet, &sheetRows{sheet: r.Sheet})
		}
		bySheet[at].rows = append(bySheet[at].rows, strconv.Itoa(r.Row))
	}
	parts := make([]string, len(bySheet))
	for i, g := range bySheet {
		prefix := g.sheet
		if len(bySheet) == 1 && g.sheet == sheet {
			prefix = ""
		}
		if lang == "en" {
			word := " rows "
			if len(g.rows) == 1 {
				word = " row "
			}
			parts[i] = strings.TrimSpace(prefix + word + strings.Join(g.rows, ", "))
		} else {
			parts[i] = prefix + "第 " + strings.Join(g.rows, "、") + " 行"
		}
	}
	return strings.Join(parts, pick(lang, "、", "; "))
}

func refText(r result.Ref) string {
	return r.File + "!" + r.Sheet + "!" + strconv.Itoa(r.Row)
}

// sortedKeys returns a map's keys in order (output never depends on map order).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
