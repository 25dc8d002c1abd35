package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The rules file is decoded from yaml.Node by hand so that every mistake carries its line.

var topKeys = keySet("version", "name", "policy", "extends", "params", "derive", "example_defaults", "rules")

var ruleKeys = keySet("id", "kind", "severity", "title", "title_en", "policy_ref", "description",
	"on", "at", "when", "check", "column", "requires", "needs", "key", "match", "members", "where",
	"sum", "differ", "actual", "required", "rows", "code", "message", "message_en",
	"examples", "disabled", "params", "variants")

// variantKeys may differ between the variants of one rule.
var variantKeys = keySet("on", "at", "when", "check", "column", "requires", "needs", "key", "match",
	"members", "where", "sum", "differ", "actual", "required", "rows", "message", "message_en")

func keySet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

type param struct {
	name  string
	value any
	line  int
}

// derived is a field computed per row of a view by an expression (the `derive:` section).
type derived struct {
	view, name, src string
	line            int
	prog            *prog
}

type fileDoc struct {
	name        string
	extends     string
	extendsLine int
	params      []param
	derive      []*derived
	defaults    map[string]map[string]any
	rules       []*spec
}

// spec is one rule (or variant) as written: its value nodes by key, so that overrides overlay it.
type spec struct {
	line   int
	nodes  map[string]*yaml.Node
	params map[string]any
	vars   []*spec
}

func (s *spec) has(k string) bool { _, ok := s.nodes[k]; return ok }

func (s *spec) lineOf(k string) int {
	if n, ok := s.nodes[k]; ok {
		return n.Line
	}
	return s.line
}

func (s *spec) str(k string) string {
	if n, ok := s.nodes[k]; ok && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// strs reads a scalar or a sequence of scalars.
func (s *spec) strs(k string) []string {
	n, ok := s.nodes[k]
	if !ok {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, c.Value)
	}
	return out
}

// overlay returns s with the keys set in o replacing its own.
func (s *spec) overlay(o *spec) *spec {
	out := &spec{line: s.line, nodes: map[string]*yaml.Node{}, params: map[string]any{}, vars: s.vars}
	for k, v := range s.nodes {
		out.nodes[k] = v
	}
	for k, v := range s.params {
		out.params[k] = v
	}
	for k, v := range o.nodes {
		out.nodes[k] = v
	}
	for k, v := range o.params {
		out.params[k] = v
	}
	if o.vars != nil {
		out.vars = o.vars
	}
	return out
}

func decodeFile(data []byte) (*fileDoc, []Issue) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, []Issue{yamlIssue(err)}
	}
	doc := &fileDoc{defaults: map[string]map[string]any{}}
	if len(root.Content) == 0 {
		return nil, []Issue{{1, "the file is empty"}}
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, []Issue{{top.Line, "the file must be a mapping (version:, params:, rules: …)"}}
	}
	var issues []Issue
	add := func(line int, format string, a ...any) {
		issues = append(issues, Issue{line, fmt.Sprintf(format, a...)})
	}
	hasVersion := false
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "version":
			hasVersion = true
			if v.Value != "1" {
				add(v.Line, "version: only version 1 is understood, not %q", v.Value)
			}
		case "name":
			doc.name = v.Value
		case "policy":
		case "extends":
			doc.extends, doc.extendsLine = v.Value, v.Line
		case "params":
			if v.Kind != yaml.MappingNode {
				add(v.Line, "params: must be a mapping of name: value")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				val, err := nodeValue(v.Content[j+1])
				if err != nil {
					add(v.Content[j+1].Line, "param %s: %v", v.Content[j].Value, err)
					continue
				}
				doc.params = append(doc.params, param{v.Content[j].Value, val, v.Content[j].Line})
			}
		case "derive":
			if v.Kind != yaml.MappingNode {
				add(v.Line, "derive: must map a view to its derived fields")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				view, fields := v.Content[j], v.Content[j+1]
				if fields.Kind != yaml.MappingNode {
					add(fields.Line, "derive %s: must map a field name to an expression", view.Value)
					continue
				}
				for f := 0; f+1 < len(fields.Content); f += 2 {
					doc.derive = append(doc.derive, &derived{view: view.Value, name: fields.Content[f].Value, src: fields.Content[f+1].Value, line: fields.Content[f].Line})
				}
			}
		case "example_defaults":
			val, err := nodeValue(v)
			m, ok := val.(map[string]any)
			if err != nil || !ok {
				add(v.Line, "example_defaults: must map a table to a row of default values")
				continue
			}
			for t, row := range m {
				r, ok := row.(map[string]any)
				if !ok {
					add(v.Line, "example_defaults %s: must be a row (field: value)", t)
					continue
				}
				doc.defaults[t] = r
			}
		case "rules":
			if v.Kind != yaml.SequenceNode {
				add(v.Line, "rules: must be a list")
				continue
			}
			for _, rn := range v.Content {
				s, is := decodeSpec(rn, ruleKeys)
				issues = append(issues, is...)
				if s == nil {
					continue
				}
				if s.str("id") == "" {
					add(rn.Line, "a rule without an id")
					continue
				}
				doc.rules = append(doc.rules, s)
			}
		default:
			add(k.Line, "unknown key %q (known: %s)", k.Value, known(topKeys))
		}
	}
	if !hasVersion && doc.extends == "" {
		add(top.Line, "version: 1 is missing")
	}
	return doc, issues
}

func decodeSpec(n *yaml.Node, allowed map[string]bool) (*spec, []Issue) {
	if n.Kind != yaml.MappingNode {
		return nil, []Issue{{n.Line, "a rule must be a mapping (id:, severity:, …)"}}
	}
	var issues []Issue
	s := &spec{line: n.Line, nodes: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !allowed[k.Value] {
			issues = append(issues, Issue{k.Line, fmt.Sprintf("unknown key %q in a rule (known: %s)", k.Value, known(allowed))})
			continue
		}
		switch k.Value {
		case "params":
			val, err := nodeValue(v)
			m, ok := val.(map[string]any)
			if err != nil || !ok {
				issues = append(issues, Issue{v.Line, "params: must be a mapping of name: value"})
				continue
			}
			s.params = m
		case "variants":
			if v.Kind != yaml.SequenceNode {
				issues = append(issues, Issue{v.Line, "variants: must be a list"})
				continue
			}
			for _, vn := range v.Content {
				vs, is := decodeSpec(vn, variantKeys)
				issues = append(issues, is...)
				if vs != nil {
					s.vars = append(s.vars, vs)
				}
			}
		}
		s.nodes[k.Value] = v
	}
	return s, issues
}

func known(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

func yamlIssue(err error) Issue {
	msg := err.Error()
	line := 1
	if i := strings.Index(msg, "line "); i >= 0 {
		rest := msg[i+5:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if n, e := strconv.Atoi(rest[:j]); e == nil {
			line = n
		}
	}
	return Issue{line, "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// nodeValue turns a node into plain Go values: int, float64, bool, string, time.Time (a date),
// []any, map[string]any, nil.
func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			out[n.Content[i].Value] = v
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!int":
			i, err := strconv.Atoi(n.Value)
			if err != nil {
				return nil, fmt.Errorf("bad whole number %q", n.Value)
			}
			return i, nil
		case "!!float":
			return strconv.ParseFloat(n.Value, 64)
		case "!!bool":
			return strconv.ParseBool(n.Value)
		case "!!timestamp":
			t, err := time.Parse("2006-01-02", n.Value)
			if err != nil {
				return nil, fmt.Errorf("a date must be written YYYY-MM-DD, not %q", n.Value)
			}
			return t, nil
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("unexpected YAML node")
}
