package rules

import "testing"

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
