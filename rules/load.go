package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	qianshou "github.com/qianshou/qianshou"
	"github.com/qianshou/qianshou/internal/result"
)

// Issue is one mistake in a rules file.
type Issue struct {
	Line int
	Msg  string
}

// LoadError lists every mistake found in a rules file, each with its line.
type LoadError struct {
	File   string
	Issues []Issue
}

func (e *LoadError) Error() string {
	var b strings.Builder
	for i, is := range e.Issues {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s:%d: %s", e.File, is.Line, is.Msg)
	}
	return b.String()
}

// Examples are the sample rows (or small datasets) a rule must pass and fail.
type Examples struct {
	Pass []map[string]any
	Fail []map[string]any
}

// Rule is one rule of the catalogue.
type Rule struct {
	ID        string
	Severity  result.Severity
	PolicyRef string
	Kind      string   // row | aggregate | duplicate | problem
	On        []string // the views it runs over (none for problem)
	Examples  Examples
	Disabled  bool

	spec    *spec
	params  map[string]any // the global params with this rule's overrides
	used    []string       // param names its expressions use
	parts   []*part        // compiled: the rule and each of its variants
	exLines []int          // line of each example: pass first, then fail
}

// Title is the rule's short title in lang ("zh" or "en").
func (r *Rule) Title(lang string) string {
	return pick(lang, r.spec.str("title"), r.spec.str("title_en"))
}

// Message is the rule's message template in lang (of its first variant when it has variants).
func (r *Rule) Message(lang string) string {
	s := r.spec
	if !s.has("message") && len(s.vars) > 0 {
		s = s.overlay(s.vars[0])
	}
	return pick(lang, s.str("message"), s.str("message_en"))
}

// Params returns the values of the params the rule uses, by name.
func (r *Rule) Params() map[string]any {
	out := make(map[string]any, len(r.used))
	for _, k := range r.used {
		out[k] = r.params[k]
	}
	return out
}

func pick(lang, zh, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return zh
}

// RuleSet is a loaded, compiled set of rules.
type RuleSet struct {
	name     string
	sources  [][]byte // what the effective rules were built from, for SHA256
	sets     []string // --set overrides applied, in order
	params   map[string]any
	derive   []*derived
	defaults map[string]map[string]any // example defaults by table
	rules    []*Rule
	syms     *symbols           // the names expressions read, numbered
	layouts  map[string]*layout // the fields of each view, by view name
}

// Name names the rule set: "default", or the `name:` or file name of a user file.
func (rs *RuleSet) Name() string { return rs.name }

// SHA256 is the hex sha256 of the effective rules: the rules files they came from and any --set.
func (rs *RuleSet) SHA256() string {
	h := sha256.New()
	for i, s := range rs.sources {
		if i > 0 {
			h.Write([]byte("\n---\n"))
		}
		h.Write(s)
	}
	for _, s := range rs.sets {
		h.Write([]byte("\n--set " + s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Rules returns the rules in catalogue order.
func (rs *RuleSet) Rules() []*Rule { return rs.rules }

// Rule returns the rule with the given id, or nil.
func (rs *RuleSet) Rule(id string) *Rule {
	for _, r := range rs.rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Params returns the global params.
func (rs *RuleSet) Params() map[string]any { return rs.params }

// Default parses the embedded default rules.yaml.
func Default() (*RuleSet, error) { return Parse("default", qianshou.DefaultRules) }

// Load reads a user rules file. With `extends: default` it is merged onto the default rules.
func Load(path string) (*RuleSet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parse(path, filepath.Base(path), data)
}

// Parse reads a rules file from data; name is used in errors and as the set's name.
func Parse(name string, data []byte) (*RuleSet, error) { return parse(name, name, data) }

func parse(file, name string, data []byte) (*RuleSet, error) {
	doc, issues := decodeFile(data)
	if doc == nil {
		return nil, &LoadError{File: file, Issues: issues}
	}
	rs := &RuleSet{name: name, sources: [][]byte{data}, params: map[string]any{}, defaults: map[string]map[string]any{}}
	if doc.name != "" {
		rs.name = doc.name
	}
	var base *RuleSet
	if doc.extends != "" {
		if doc.extends != "default" {
			return nil, &LoadError{File: file, Issues: []Issue{{doc.extendsLine, fmt.Sprintf("extends: only \"default\" can be extended, not %q", doc.extends)}}}
		}
		b, err := Default()
		if err != nil {
			return nil, err
		}
		base = b
		rs.sources = append([][]byte{qianshou.DefaultRules}, data)
	}
	issues = append(issues, rs.merge(base, doc)...)
	issues = append(issues, rs.compile()...)
	if len(issues) > 0 {
		sort.SliceStable(issues, func(i, j int) bool { return issues[i].Line < issues[j].Line })
		return nil, &LoadError{File: file, Issues: issues}
	}
	return rs, nil
}

// merge builds the effective params, derived fields and rules: the base (if any) overridden by doc.
func (rs *RuleSet) merge(base *RuleSet, doc *fileDoc) []Issue {
	var issues []Issue
	if base != nil {
		for k, v := range base.params {
			rs.params[k] = v
		}
		rs.derive = append(rs.derive, base.derive...)
		for k, v := range base.defaults {
			rs.defaults[k] = v
		}
	}
	for _, p := range doc.params {
		if old, ok := rs.params[p.name]; ok && base != nil {
			v, err := convertLike(old, p.value)
			if err != nil {
				issues = append(issues, Issue{p.line, fmt.Sprintf("param %s: %v", p.name, err)})
				continue
			}
			p.value = v
		}
		rs.params[p.name] = p.value
	}
	for _, d := range doc.derive {
		replaced := false
		for i, old := range rs.derive {
			if old.view == d.view && old.name == d.name {
				rs.derive[i], replaced = d, true
			}
		}
		if !replaced {
			rs.derive = append(rs.derive, d)
		}
	}
	for k, v := range doc.defaults {
		rs.defaults[k] = v
	}
	byID := map[string]int{}
	if base != nil {
		for _, r := range base.rules {
			byID[r.ID] = len(rs.rules)
			rs.rules = append(rs.rules, &Rule{ID: r.ID, spec: r.spec})
		}
	}
	seen := map[string]int{}
	for _, s := range doc.rules {
		id := s.str("id")
		if l, dup := seen[id]; dup {
			issues = append(issues, Issue{s.line, fmt.Sprintf("rule %s is defined twice (first at line %d)", id, l)})
			continue
		}
		seen[id] = s.line
		if i, ok := byID[id]; ok {
			if s.has("kind") {
				rs.rules[i].spec = s // a full definition replaces the default one
			} else {
				rs.rules[i].spec = rs.rules[i].spec.overlay(s)
			}
			continue
		}
		if !s.has("kind") {
			if base != nil {
				issues = append(issues, Issue{s.line, fmt.Sprintf("unknown rule id %q: an override must name a rule of the default set (or give a kind to define a new rule)", id)})
			} else {
				issues = append(issues, Issue{s.line, fmt.Sprintf("rule %s: kind is missing (one of %s)", id, strings.Join(kindNames, ", "))})
			}
			continue
		}
		byID[id] = len(rs.rules)
		rs.rules = append(rs.rules, &Rule{ID: id, spec: s})
	}
	return issues
}

// Set overrides one global param (--set key=value), parsed by the type of its current value.
func (rs *RuleSet) Set(key, value string) error {
	old, ok := rs.params[key]
	if !ok {
		names := make([]string, 0, len(rs.params))
		for k := range rs.params {
			names = append(names, k)
		}
		sort.Strings(names)
		return fmt.Errorf("--set %s: unknown param (known: %s)", key, strings.Join(names, ", "))
	}
	v, err := parseLike(old, value)
	if err != nil {
		return fmt.Errorf("--set %s=%s: %v", key, value, err)
	}
	rs.params[key] = v
	for _, r := range rs.rules {
		if _, own := r.spec.params[key]; !own && len(r.spec.params) > 0 {
			r.params[key] = v
		}
	}
	rs.sets = append(rs.sets, key+"="+value)
	return nil
}

// parseLike parses text as a value of old's type; lists take comma-separated items or a range a-b.
func parseLike(old any, text string) (any, error) {
	text = strings.TrimSpace(text)
	switch o := old.(type) {
	case []any:
		var out []any
		items := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '，' })
		if lo, hi, ok := strings.Cut(text, "-"); ok && len(items) == 1 {
			a, err1 := strconv.Atoi(strings.TrimSpace(lo))
			b, err2 := strconv.Atoi(strings.TrimSpace(hi))
			if err1 == nil && err2 == nil && a <= b {
				for y := a; y <= b; y++ {
					out = append(out, y)
				}
				return out, nil
			}
		}
		var elem any = ""
		if len(o) > 0 {
			elem = o[0]
		}
		for _, it := range items {
			v, err := parseLike(elem, it)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case int:
		n, err := strconv.Atoi(text)
		if err != nil {
			return nil, fmt.Errorf("want a whole number")
		}
		return n, nil
	case float64:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, fmt.Errorf("want a number")
		}
		return f, nil
	case bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return nil, fmt.Errorf("want true or false")
		}
		return b, nil
	case time.Time:
		t, err := time.Parse("2006-01-02", text)
		if err != nil {
			return nil, fmt.Errorf("want a date YYYY-MM-DD")
		}
		return t, nil
	}
	return text, nil
}

// convertLike checks that a param override from YAML has the type of the value it replaces.
func convertLike(old, v any) (any, error) {
	switch old.(type) {
	case []any:
		if l, ok := v.([]any); ok {
			return l, nil
		}
		return nil, fmt.Errorf("want a list, got %v", v)
	case float64:
		if n, ok := v.(int); ok {
			return float64(n), nil
		}
	}
	if fmt.Sprintf("%T", old) != fmt.Sprintf("%T", v) {
		return nil, fmt.Errorf("want a value like %v (%s), got %v", display(old, "en"), typeName(old), v)
	}
	return v, nil
}

func typeName(v any) string {
	switch v.(type) {
	case int:
		return "whole number"
	case float64:
		return "number"
	case bool:
		return "true/false"
	case time.Time:
		return "date"
	case []any:
		return "list"
	}
	return "text"
}
