// Package waivers reads the accepted exceptions of `check --waivers FILE` and applies them to
// violations. A waived violation is still reported, marked and counted apart; a waiver past its
// expiry date no longer applies and is itself reported so that nobody forgets it.
package waivers

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/qianshou/qianshou/internal/result"
	"gopkg.in/yaml.v3"
)

// Waiver is one accepted exception. Every field that is set must match; Rule and Reason are required.
type Waiver struct {
	Rule    string            `yaml:"rule"`
	File    string            `yaml:"file"`  // a base name or the path as given
	Sheet   string            `yaml:"sheet"` // the actual sheet name
	Cell    string            `yaml:"cell"`  // e.g. H7
	Context map[string]string `yaml:"context"`
	Reason  string            `yaml:"reason"`
	Expires string            `yaml:"expires"` // YYYY-MM-DD, inclusive; empty = never

	line    int
	expires time.Time
}

type file struct {
	Waivers []Waiver `yaml:"waivers"`
}

// Load reads a waivers file. Every mistake is reported with its line.
func Load(path string) ([]Waiver, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("读取豁免文件 %s 失败 (cannot read waivers file): %w", path, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w (允许的键 allowed keys: waivers[].rule, file, sheet, cell, context, reason, expires)", path, err)
	}
	lines := itemLines(&root)
	var problems []string
	for i := range f.Waivers {
		w := &f.Waivers[i]
		if i < len(lines) {
			w.line = lines[i]
		}
		if w.Rule == "" {
			problems = append(problems, fmt.Sprintf("%s:%d: 缺少 rule (rule is required)", path, w.line))
		}
		if strings.TrimSpace(w.Reason) == "" {
			problems = append(problems, fmt.Sprintf("%s:%d: 缺少 reason，豁免必须写明理由 (reason is required)", path, w.line))
		}
		if w.Expires != "" {
			t, err := time.Parse("2006-01-02", w.Expires)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: expires %q 不是 YYYY-MM-DD 日期 (expires must be YYYY-MM-DD)", path, w.line, w.Expires))
			}
			w.expires = t
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return f.Waivers, nil
}

// itemLines returns the line of each item of the top-level `waivers:` sequence.
func itemLines(root *yaml.Node) []int {
	if len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "waivers" {
			var out []int
			for _, item := range m.Content[i+1].Content {
				out = append(out, item.Line)
			}
			return out
		}
	}
	return nil
}

// Apply marks the violations that an active waiver covers and returns the expired waivers.
func Apply(vs []result.Violation, ws []Waiver, asOf time.Time) []result.ExpiredWaiver {
	var expired []result.ExpiredWaiver
	var active []Waiver
	for _, w := range ws {
		if !w.expires.IsZero() && asOf.After(w.expires) {
			expired = append(expired, result.ExpiredWaiver{Rule: w.Rule, Reason: w.Reason, Expires: w.Expires})
			continue
		}
		active = append(active, w)
	}
	for i := range vs {
		for _, w := range active {
			if w.matches(&vs[i]) {
				vs[i].Waived = &result.Waiver{Reason: w.Reason, Expires: w.Expires}
				break
			}
		}
	}
	sort.SliceStable(expired, func(i, j int) bool { return expired[i].Rule < expired[j].Rule })
	return expired
}

func (w *Waiver) matches(v *result.Violation) bool {
	if w.Rule != v.Rule {
		return false
	}
	if w.File != "" && w.File != v.File && w.File != filepath.Base(v.File) {
		return false
	}
	if w.Sheet != "" && w.Sheet != v.Sheet {
		return false
	}
	if w.Cell != "" && !strings.EqualFold(w.Cell, v.Cell) {
		return false
	}
	for k, want := range w.Context {
		got, ok := v.Context[k]
		if !ok || fmt.Sprint(got) != want {
			return false
		}
	}
	return true
}
