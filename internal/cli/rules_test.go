package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qianshou/qianshou/rules"
)

func defaultRules(t *testing.T) *rules.RuleSet {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func writeRulesFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRulesListFormats(t *testing.T) {
	rs := defaultRules(t)
	for _, format := range ruleListFormats {
		for _, lang := range []string{"zh", "en"} {
			t.Run(format+"/"+lang, func(t *testing.T) {
				code, out, errOut := run("rules", "list", "--format", format, "--lang", lang)
				if code != ExitOK {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				for _, r := range rs.Rules() {
					for _, want := range []string{r.ID, r.Title(lang), r.PolicyRef} {
						if !strings.Contains(out, want) {
							t.Errorf("%s: output lacks %q", r.ID, want)
						}
					}
				}
			})
		}
	}
	_, out, _ := run("rules", "list", "-f", "json")
	var list []ruleJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(rs.Rules()) || list[0].ID != rs.Rules()[0].ID || list[0].Severity == "" {
		t.Errorf("json lists %d rules starting %+v; want %d in catalogue order", len(list), list[0], len(rs.Rules()))
	}
	_, out, _ = run("rules", "list", "-f", "markdown")
	if lines := strings.Count(out, "\n"); lines != len(rs.Rules())+2 {
		t.Errorf("markdown has %d lines, want a header, a rule and %d rows", lines, len(rs.Rules()))
	}
}

func TestRulesListOverride(t *testing.T) {
	path := writeRulesFile(t, "mine.yaml", "version: 1\nextends: default\nrules:\n  - id: station-coverage\n    disabled: true\n")
	code, out, errOut := run("rules", "list", "--rules", path, "-f", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var list []ruleJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if r.Disabled != (r.ID == "station-coverage") {
			t.Errorf("%s: disabled = %v", r.ID, r.Disabled)
		}
	}
}

func TestRulesShow(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string // in stdout, or in stderr on exit 2
	}{
		{[]string{"rules", "show", "worker-min-days"}, ExitOK,
			[]string{"worker-min-days", "二(四)2", "min_dispatch_days = 40", "消息 (zh)", "消息 (en)", "days: 39", "days: 40"}},
		{[]string{"rules", "show", "worker-min-days", "--lang", "en"}, ExitOK,
			[]string{"Params:", "Failing examples (1):"}},
		{[]string{"rules", "show", "worker"}, ExitUsage, []string{"worker-certificate", "worker-min-days"}},
		{[]string{"rules", "show", "nothing-like-it"}, ExitUsage, []string{"rules list"}},
		{[]string{"rules", "show"}, ExitUsage, []string{"arg"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			text := out
			if code != ExitOK {
				text = errOut
			}
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestRulesLint(t *testing.T) {
	bad := writeRulesFile(t, "bad.yaml", `version: 1
extends: default
params:
  min_trainees: many
rules:
  - id: worker-certificate
    severity: fatal
  - id: my-rule
    kind: row
    on: workers
    check: days >=
`)
	good := writeRulesFile(t, "good.yaml", "version: 1\nextends: default\nparams:\n  min_trainee_days: 100\n")
	tests := []struct {
		name string
		file string
		code int
		want []string // in stdout
	}{
		{"every error with its line", bad, ExitUsage, []string{"bad.yaml:4: ", "bad.yaml:7: ", "bad.yaml:11: "}},
		{"clean", good, ExitOK, []string{"ok"}},
		{"missing file", filepath.Join(t.TempDir(), "none.yaml"), ExitUsage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run("rules", "lint", tt.file)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s%s", code, tt.code, out, errOut)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestRulesTest(t *testing.T) {
	wrong := writeRulesFile(t, "wrong.yaml", `version: 1
extends: default
rules:
  - id: worker-certificate
    examples:
      pass: [{cert_level: 助理社会工作师}]
      fail: [{cert_level: 社会工作师}]
`)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"default rules", []string{"rules", "test"}, ExitOK, []string{"ok"}},
		{"a mismatch", []string{"rules", "test", wrong}, ExitViolations,
			[]string{"FAIL worker-certificate: pass example at line 6", "助理社会工作师", "FAIL worker-certificate: fail example at line 7", "有 2 个不符"}},
		{"in English", []string{"rules", "test", wrong, "--lang", "en"}, ExitViolations, []string{"2 of "}},
		{"an invalid file", []string{"rules", "test", writeRulesFile(t, "bad.yaml", "version: 1\nrules:\n  - id: x\n")}, ExitUsage, []string{"bad.yaml:3:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s%s", code, tt.code, out, errOut)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestRulesDoc(t *testing.T) {
	rs := defaultRules(t)
	code, out, errOut := run("rules", "doc")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, r := range rs.Rules() {
		if !strings.Contains(out, "\n### "+r.ID+"\n") || !strings.Contains(out, "(#"+r.ID+")") {
			t.Errorf("no section or link for %s", r.ID)
		}
	}
	for _, want := range []string{"# 规则目录", "| `plan_deadline` | 2022-01-25 |", "| `work_years` | [2021, 2022, 2023, 2024, 2025] |"} {
		if !strings.Contains(out, want) {
			t.Errorf("doc lacks %q", want)
		}
	}
	if _, again, _ := run("rules", "doc"); again != out {
		t.Error("two runs give different pages")
	}
	if _, en, _ := run("rules", "doc", "--lang", "en"); !strings.Contains(en, "# Rule catalogue") {
		t.Error("no English page")
	}
}

func TestRuleIDCompletion(t *testing.T) {
	code, out, _ := run("__complete", "rules", "show", "worker-c")
	if code != ExitOK || !strings.HasPrefix(out, "worker-certificate\t") || strings.Contains(out, "worker-min-days") {
		t.Errorf("rules show worker-c completes to %q", out)
	}
	code, out, _ = run("__complete", "rules", "list", "--format", "")
	if code != ExitOK || !strings.HasPrefix(out, "table\njson\nmarkdown\n") {
		t.Errorf("rules list --format completes to %q", out)
	}
}
