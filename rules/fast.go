package rules

import (
	"reflect"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm/runtime"
)

// Most rule expressions are a few comparisons of fields, params and literals. Those are
// evaluated here by closures over the compiled tree, without the VM's per-run set-up, stack and
// re-boxing of every value it reads; anything else runs on the VM. The closures keep expr's
// semantics: the same runtime functions compare, and whatever would make the VM fail (a non-bool
// operand of &&, comparing an empty value) panics and makes the expression yield nil.

// evalFn evaluates a (sub)expression; it may panic where the VM would fail.
type evalFn func(e *evalEnv) any

// runFast evaluates a whole expression: nil where the VM would have failed.
func runFast(f evalFn, e *evalEnv) (out any) {
	at := len(e.args)
	defer func() {
		if recover() != nil {
			out, e.args = nil, e.args[:at]
		}
	}()
	return f(e)
}

// fastCompile returns the closure for a tree, or nil when part of it is not covered.
func fastCompile(n ast.Node) evalFn {
	switch x := n.(type) {
	case *ast.NilNode:
		return constant(nil)
	case *ast.BoolNode:
		return constant(x.Value)
	case *ast.StringNode:
		return constant(x.Value)
	case *ast.FloatNode:
		return constant(x.Value)
	case *ast.IntegerNode:
		switch t := x.Type(); {
		case t == nil || t.Kind() == reflect.Int || t.Kind() == reflect.Interface:
			return constant(x.Value)
		case t.Kind() == reflect.Float64:
			return constant(float64(x.Value))
		}
	case *ast.ConstantNode:
		return constant(x.Value)
	case *ast.CallNode:
		return fastCall(x)
	case *ast.UnaryNode:
		inner := fastCompile(x.Node)
		if inner == nil || (x.Operator != "!" && x.Operator != "not") {
			return nil
		}
		return func(e *evalEnv) any { return !inner(e).(bool) }
	case *ast.ConditionalNode:
		cond, a, b := fastCompile(x.Cond), fastCompile(x.Exp1), fastCompile(x.Exp2)
		if cond == nil || a == nil || b == nil {
			return nil
		}
		return func(e *evalEnv) any {
			if cond(e).(bool) {
				return a(e)
			}
			return b(e)
		}
	case *ast.BinaryNode:
		return fastBinary(x)
	}
	return nil
}

func constant(v any) evalFn { return func(*evalEnv) any { return v } }

func fastCall(x *ast.CallNode) evalFn {
	callee, ok := x.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil
	}
	switch callee.Value {
	case fnGet:
		id := x.Arguments[0].(*ast.IntegerNode).Value
		return func(e *evalEnv) any { return e.get(id) }
	case fnMember:
		var id, member any = x.Arguments[0].(*ast.IntegerNode).Value, x.Arguments[1].(*ast.IntegerNode).Value
		return func(e *evalEnv) any { return e.Member(id, member) }
	}
	f := helperFuncs[callee.Value]
	if f == nil {
		return nil
	}
	args := make([]evalFn, len(x.Arguments))
	for i, a := range x.Arguments {
		if args[i] = fastCompile(a); args[i] == nil {
			return nil
		}
	}
	return func(e *evalEnv) any {
		// the arguments go on the env's stack: a helper never keeps them, and the calls made
		// while they are evaluated use the stack above them
		at := len(e.args)
		for _, a := range args {
			v := a(e)
			e.args = append(e.args, v)
		}
		out, err := f(e.args[at:]...)
		e.args = e.args[:at]
		if err != nil {
			panic(err)
		}
		return out
	}
}

func fastBinary(x *ast.BinaryNode) evalFn {
	l, r := fastCompile(x.Left), fastCompile(x.Right)
	if l == nil || r == nil {
		return nil
	}
	switch x.Operator {
	case "==":
		return func(e *evalEnv) any { return equal(l(e), r(e)) }
	case "!=":
		return func(e *evalEnv) any { return !equal(l(e), r(e)) }
	case "<":
		return func(e *evalEnv) any { return runtime.Less(l(e), r(e)) }
	case ">":
		return func(e *evalEnv) any { return runtime.More(l(e), r(e)) }
	case "<=":
		return func(e *evalEnv) any { return runtime.LessOrEqual(l(e), r(e)) }
	case ">=":
		return func(e *evalEnv) any { return runtime.MoreOrEqual(l(e), r(e)) }
	case "in":
		return func(e *evalEnv) any { return runtime.In(l(e), r(e)) }
	case "&&", "and":
		return func(e *evalEnv) any {
			if !l(e).(bool) {
				return false
			}
			return r(e)
		}
	case "||", "or":
		return func(e *evalEnv) any {
			if l(e).(bool) {
				return true
			}
			return r(e)
		}
	case "??":
		return func(e *evalEnv) any {
			if v := l(e); !runtime.IsNil(v) {
				return v
			}
			return r(e)
		}
	}
	return nil
}

// equal is runtime.Equal, with a joined row (pair) equal only to itself, as the VM finds it.
func equal(a, b any) bool {
	_, ra := a.(*row)
	_, rb := b.(*row)
	if ra || rb {
		return a == b
	}
	return runtime.Equal(a, b)
}
