package rules

import (
	"strings"
	"testing"
)

// TestExamples runs every example of every rule of the default set.
func TestExamples(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string][2]int{}
	for _, res := range rs.RunExamples() {
		c := counts[res.Rule]
		if res.Kind == "pass" {
			c[0]++
		} else {
			c[1]++
		}
		counts[res.Rule] = c
		if !res.OK {
			t.Errorf("%s %s example (rules.yaml:%d): %s", res.Rule, res.Kind, res.Line, res.Diff)
		}
	}
	for _, r := range rs.Rules() {
		if c := counts[r.ID]; c[0] == 0 || c[1] == 0 {
			t.Errorf("%s: needs at least one pass and one fail example, has %d and %d", r.ID, c[0], c[1])
		}
	}
}

// An example that does not hold is reported with what happened instead.
func TestExampleThatDoesNotHold(t *testing.T) {
	rs, err := Parse("mine.yaml", []byte(`extends: default
rules:
  - id: worker-certificate
    examples:
      pass: [{cert_level: 助理社会工作师}]
      fail: [{cert_level: 社会工作师}]
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []ExampleResult
	for _, r := range rs.RunExamples() {
		if r.Rule == "worker-certificate" {
			got = append(got, r)
		}
	}
	if len(got) != 2 || got[0].OK || got[1].OK || got[0].Line != 5 || got[1].Line != 6 ||
		!strings.Contains(got[0].Diff, "助理社会工作师") || got[1].Diff != "expected a violation, got none" {
		t.Errorf("got %+v", got)
	}
}
