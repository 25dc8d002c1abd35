package rules

import (
	"reflect"
	"slices"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/expr-lang/expr/vm/runtime"

	"github.com/qianshou/qianshou/internal/schema"
)

// Rows are slices, not maps: each view has a fixed list of fields (its layout), a row holds the
// values in that order, and expressions are compiled to read a field by its index. A name an
// expression may read has a symbol id (per rule set); each layout maps ids to its slots.

// The names set per evaluation rather than per row (scratch), and the two masked in messages,
// have fixed ids.
const (
	symParams = iota
	symAsOf
	symLang
	symValue
	symHeader
	symActual
	symRequired
	symCount
	symSum
	symRows
	symEvidence
	symFirst
	symCell
	symColumn
	nScratch
	symIDNumber = nScratch
	symPhone    = nScratch + 1
)

var fixedNames = []string{"params", "as_of", "lang", "value", "header", "actual", "required", "count", "sum",
	"rows", "evidence", "first", "cell", "column", "id_number", "phone"}

// symbols numbers the names expressions read.
type symbols struct {
	ids   map[string]int
	names []string
}

func newSymbols() *symbols {
	s := &symbols{ids: map[string]int{}}
	for _, n := range fixedNames {
		s.id(n)
	}
	for _, n := range contextKeys {
		s.id(n)
	}
	return s
}

func (s *symbols) id(name string) int {
	if i, ok := s.ids[name]; ok {
		return i
	}
	s.ids[name] = len(s.names)
	s.names = append(s.names, name)
	return len(s.names) - 1
}

// layout is the field list of a view: first the fields of its sheet (read from the record, not
// copied), then the fields added in Go and by derive.
type layout struct {
	view   *viewDef
	nrec   int              // slots [0, nrec) are the sheet's fields, read from the row's record
	stored int              // slots [nrec, nrec+stored) are stored (row.storedAt)
	comp   []func(*row) any // the slots after them are computed when read
	names  []string         // slot → name
	slot   map[string]int   // name → slot
	byID   []int32          // symbol id → slot, -1 when the view has no such field
}

// newLayout lays out a view's fields: the sheet's (nrec of them), the stored ones, then those
// computed from the row (comp, by name).
func newLayout(v *viewDef, names []string, nrec int, comp map[string]func(*row) any, syms *symbols) *layout {
	l := &layout{view: v, nrec: nrec, slot: map[string]int{}}
	var computed []string
	add := func(n string) {
		l.slot[n] = len(l.names)
		l.names = append(l.names, n)
		syms.id(n)
	}
	for i, n := range names {
		if _, dup := l.slot[n]; dup || comp[n] != nil && i >= nrec {
			if !dup && !slices.Contains(computed, n) {
				computed = append(computed, n)
			}
			continue
		}
		add(n)
	}
	l.stored = len(l.names) - nrec
	for _, n := range computed {
		add(n)
		l.comp = append(l.comp, comp[n])
	}
	l.byID = make([]int32, len(syms.names))
	for i := range l.byID {
		l.byID[i] = -1
	}
	for n, s := range l.slot {
		l.byID[syms.ids[n]] = int32(s)
	}
	return l
}

// buildLayouts gives every view its layout: its fields (views.go) and derived fields, and the
// problem rules their own.
func buildLayouts(syms *symbols, derive []*derived) map[string]*layout {
	sc := schema.Default()
	out := map[string]*layout{}
	for _, v := range viewDefs {
		names := v.fieldNames(sc)
		for _, d := range derive {
			if d.view == v.name {
				names = append(names, d.name)
			}
		}
		nrec := 0
		var comp map[string]func(*row) any
		switch {
		case v.table != "":
			nrec, comp = len(sc.Sheet(v.table).Fields), computedFields(v.name)
		case v.name == "pairs":
			comp = pairBaseFields(out["pairings"], derive)
		}
		out[v.name] = newLayout(v, names, nrec, comp, syms)
	}
	out[problemView.name] = newLayout(problemView, problemNames, 0, nil, syms)
	return out
}

// problemView is the row a problem rule's message sees.
var problemView = &viewDef{name: "problem"}

// row is one row of a view: the values rules see, and where it was written (one source per anchor
// of the view; nil where that side is absent).
//
// A batch can hold millions of sheet rows: a row is only its source, the record of a table it was
// read from; its layout, run order and groups are found through the table. A built row's source
// is its number in its block, whose builtInfo holds what it has beyond a sheet row.
type row struct {
	src source
}

// lay is the row's layout.
func (r *row) lay() *layout { return r.src.tab.lay }

// built is a built row's builtInfo; nil for a sheet row.
func (r *row) built() *builtInfo {
	if b := r.src.tab.built; b != nil {
		return &b[r.src.rec]
	}
	return nil
}

// builtInfo is what a row of a built view (pairs, tasks, files…) has beyond a sheet row's fields.
type builtInfo struct {
	// vals holds the stored fields (from slot lay.nrec on) of the built row numbered at, with
	// those of the rest of its block (the pairs share one)
	vals    *values
	at      int32
	anchors [2]*source // by the view's anchors (nil where that side is absent)
	base    *row       // a pair's pairing row, which the fields it does not set are read from
	// dispatch is a pair's dispatching side's pairing row, which its dispatching org is read from
	// (nil when only the recipient side reported it)
	dispatch *row
	order    [3]int32 // run order: file, sheet, row
}

// anchor returns the row's source for anchor i of its view (nil where that side is absent): a
// sheet row's record, or what a built row was given.
func (r *row) anchor(i int) *source {
	switch {
	case r.src.tab.built != nil:
		return r.built().anchors[i]
	case i == 0 && r.src.tab.table != nil:
		return &r.src
	}
	return nil
}

// storedAt returns stored field s (slot lay.nrec+s).
func (r *row) storedAt(s int) any {
	vals, at := r.storedIn()
	return vals.get(at + s)
}

// setStored sets stored field s (slot lay.nrec+s).
func (r *row) setStored(s int, v any) {
	vals, at := r.storedIn()
	vals.set(at+s, v)
}

// storedIn returns the block holding the row's stored fields and where they start in it: a sheet
// row's table, a built row's block.
func (r *row) storedIn() (*values, int) {
	if b := r.built(); b != nil {
		return b.vals, int(b.at) * r.lay().stored
	}
	return r.src.tab.vals, int(r.src.rec) * r.lay().stored
}

// order is the row's run order: file, sheet, row.
func (r *row) order() [3]int32 {
	switch {
	case r.src.tab.built != nil:
		return r.built().order
	case r.src.tab.table != nil:
		sheet, at := r.src.tab.table.Pos(int(r.src.rec))
		return [3]int32{r.src.tab.bookAt, r.src.tab.sheetAt[sheet], int32(at)}
	}
	return [3]int32{}
}

// group is a worker's or trainee's person (0) or org (1) group (dataset.go); nil for other rows.
func (r *row) group(i int) *group {
	t := r.src.tab
	if t.groups == nil {
		return nil
	}
	if at := t.groups[r.src.rec][i]; at >= 0 {
		return &t.people.all[at]
	}
	return alone
}

// newRow makes a row of a built view, in a block of its own (without an index: one row has
// nothing to share).
func newRow(l *layout) *row {
	vals := &values{ids: make([]uint32, l.stored), dict: []any{nil}}
	return &row{src: source{tab: &tableInfo{lay: l, built: []builtInfo{{vals: vals}}}}}
}

func (r *row) at(s int) any {
	lay := r.lay()
	if s < lay.nrec {
		if r.src.tab.table != nil {
			return r.src.tab.typed(int(r.src.rec), s)
		}
		return nil
	}
	if s -= lay.nrec; s < lay.stored {
		return r.storedAt(s)
	}
	return r.computed(s - lay.stored)
}

// computed returns a computed field (kept out of at, which is inlined).
func (r *row) computed(i int) any { return r.lay().comp[i](r) }

// get returns a field by name (nil when the view has none).
func (r *row) get(name string) any {
	if s, ok := r.lay().slot[name]; ok {
		return r.at(s)
	}
	return nil
}

func (r *row) has(name string) bool {
	_, ok := r.lay().slot[name]
	return ok
}

func (r *row) hasID(id int) bool {
	return id < len(r.lay().byID) && r.lay().byID[id] >= 0
}

// set sets a field added in Go or by derive (never one of the record's).
func (r *row) set(name string, v any) {
	lay := r.lay()
	s, ok := lay.slot[name]
	if s -= lay.nrec; !ok || s < 0 || s >= lay.stored {
		// a slot outside the row's stored ones would be another record's
		panic("rules: " + lay.view.name + "." + name + " is not a stored field")
	}
	r.setStored(s, v)
}

func (r *row) byID(id int) any {
	if id >= len(r.lay().byID) {
		return nil
	}
	s := r.lay().byID[id]
	if s < 0 {
		return nil
	}
	return r.at(int(s))
}

func (r *row) str(name string) string {
	s, _ := r.get(name).(string)
	return s
}

// evalEnv is what an expression runs over: a row and the names set per evaluation. Compiled
// expressions call Get and Member; as func fields of the env (of types expr knows) they are called
// directly, without the argument buffer expr allocates for functions given with expr.Function.
type evalEnv struct {
	Get    func(id any) any
	Member func(id, member any) any

	r       *row
	scratch [nScratch]any
	// mask, when set, masks personal numbers (messages with MaskPII)
	mask func(field, s string) string
	// actual and required are evaluated when first read (a passing row rarely needs them), each
	// on a VM of its own since the read happens while another expression runs
	pending [2]*prog
	figVM   [2]vm.VM
	// args is the stack of helper arguments (fast.go)
	args []any
}

func newEvalEnv(syms *symbols) *evalEnv {
	e := &evalEnv{}
	e.Get = func(id any) any { return e.get(id.(int)) }
	e.Member = func(id, member any) any {
		m := member.(int)
		switch b := e.get(id.(int)).(type) {
		case *row:
			if b != nil {
				return b.byID(m)
			}
		case map[string]any:
			return b[syms.names[m]]
		case nil:
		default:
			return runtime.Fetch(b, syms.names[m])
		}
		// as expr itself would: a member of nothing is an error
		panic("cannot fetch " + syms.names[m] + " from nil")
	}
	return e
}

func (e *evalEnv) get(id int) any {
	if id < nScratch {
		if id == symActual || id == symRequired {
			if p := e.pending[id-symActual]; p != nil {
				e.pending[id-symActual] = nil
				e.scratch[id] = e.run(&e.figVM[id-symActual], p)
			}
		}
		return e.scratch[id]
	}
	if e.r == nil {
		return nil
	}
	v := e.r.byID(id)
	if e.mask != nil && (id == symIDNumber || id == symPhone) {
		if s, ok := v.(string); ok {
			return e.mask(fixedNames[id], s)
		}
	}
	return v
}

// clear resets the names set per evaluation, except params, as_of and lang.
func (e *evalEnv) clear(r *row) {
	e.r = r
	for i := symValue; i < nScratch; i++ {
		e.scratch[i] = nil
	}
	e.pending = [2]*prog{}
}

// figures sets actual and required, to be evaluated when read.
func (e *evalEnv) figures(actual, required *prog) {
	e.scratch[symActual], e.scratch[symRequired] = nil, nil
	e.pending = [2]*prog{actual, required}
}

// prog is a compiled expression; one that only names a field is read without the VM.
type prog struct {
	p      *vm.Program
	field  int    // symbol id when the expression is only a name, else -1
	fast   evalFn // the expression without the VM (nil: not covered)
	source string
}

// run evaluates a program; an evaluation error (e.g. comparing an empty value) yields nil.
func (e *evalEnv) run(m *vm.VM, p *prog) any {
	if p == nil {
		return nil
	}
	if p.field >= 0 {
		return e.get(p.field)
	}
	if p.fast != nil {
		return runFast(p.fast, e)
	}
	out, err := m.Run(p.p, e)
	if err != nil {
		return nil
	}
	return out
}

// The env's functions field reads are compiled to (not callable from rules: not known names).
const (
	fnGet    = "Get"
	fnMember = "Member"
)

// scanVisitor collects what an expression names before it is rewritten: variables, the params it
// uses, the callees of calls and the names `let` declares.
type scanVisitor struct {
	names, params []string
	callees       map[ast.Node]bool
	lets          map[string]bool
}

func (v *scanVisitor) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		v.names = append(v.names, x.Value)
	case *ast.CallNode:
		v.callees[x.Callee] = true
	case *ast.VariableDeclaratorNode:
		v.lets[x.Name] = true
	case *ast.MemberNode:
		id, ok := x.Node.(*ast.IdentifierNode)
		prop, ok2 := x.Property.(*ast.StringNode)
		if ok && ok2 && id.Value == "params" {
			v.params = append(v.params, prop.Value)
		}
	}
}

// fieldVisitor rewrites each known name to Get(id), and name.member to Member(id, member id).
type fieldVisitor struct {
	scan  *scanVisitor
	known map[string]bool
	syms  *symbols
	reads map[ast.Node]int // the calls it made, by the id they read
}

func (v *fieldVisitor) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		if !v.known[x.Value] || v.scan.callees[x] || v.scan.lets[x.Value] {
			return
		}
		id := v.syms.id(x.Value)
		call := &ast.CallNode{Callee: callee(fnGet, getType), Arguments: []ast.Node{&ast.IntegerNode{Value: id}}}
		ast.Patch(n, call)
		v.reads[call] = id
	case *ast.MemberNode:
		id, ok := v.reads[x.Node]
		prop, ok2 := x.Property.(*ast.StringNode)
		if !ok || !ok2 {
			return
		}
		ast.Patch(n, &ast.CallNode{Callee: callee(fnMember, memberType),
			Arguments: []ast.Node{&ast.IntegerNode{Value: id}, &ast.IntegerNode{Value: v.syms.id(prop.Value)}}})
	}
}

var (
	getType    = reflect.TypeOf(evalEnv{}.Get)
	memberType = reflect.TypeOf(evalEnv{}.Member)
)

// callee names one of the env's functions, typed already: the checker does not always type a
// callee it did not parse, and an untyped one is called through reflection.
func callee(name string, t reflect.Type) *ast.IdentifierNode {
	id := &ast.IdentifierNode{Value: name}
	id.SetType(t)
	return id
}
