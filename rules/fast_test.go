package rules

import (
	"reflect"
	"testing"
	"time"

	"github.com/expr-lang/expr/vm"
)

// TestFastMatchesVM: an expression evaluated without the VM yields what the VM yields, failures
// (nil) included, for the shapes rules use over values a cell may hold.
func TestFastMatchesVM(t *testing.T) {
	exprs := []string{
		"a == b", "a != b", "a < b", "a >= b", "a <= 3", "a > 2.5", "a == nil", "a != nil",
		"a && b", "a || b", "!a", "a ? b : c", "a ?? b", "a in l", "s in params.list",
		"a >= params.min", "params.mode == 'org' ? a : b", "a && (params.mode != 'org' || b)",
		"credit_fault(s) == ''", "years_between(a, year_start(b))", "workdays_in_year(a)",
		"a == '' && b == nil", "s ?? 'none'",
	}
	values := []any{nil, true, false, 0, 2, 3, 2.5, 2.0, "", "x", "org", time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), 2022,
		[]any{"x", 2}, []any(nil)}
	params := map[string]any{"list": []any{"x", "y"}, "min": 2, "mode": "org"}
	syms := newSymbols()
	lay := newLayout(&viewDef{name: "test"}, []string{"a", "b", "c", "s", "l"}, 0, nil, syms)
	c := newCompiler(syms, params, nil, lay.names)
	env := newEvalEnv(syms)
	env.scratch[symParams] = params
	var m vm.VM
	for _, src := range exprs {
		p, _, err := c.compile(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if p.fast == nil {
			t.Errorf("%s: not evaluated without the VM", src)
			continue
		}
		for _, a := range values {
			for _, b := range values {
				r := newRow(lay)
				for s, v := range []any{a, b, "c", b, values[13]} {
					r.setStored(s, v)
				}
				env.clear(r)
				want, err := m.Run(p.p, env)
				if err != nil {
					want = nil
				}
				if got := runFast(p.fast, env); !reflect.DeepEqual(got, want) {
					t.Errorf("%s with a=%#v b=%#v: got %#v, the VM %#v", src, a, b, got, want)
				}
			}
		}
	}
}
