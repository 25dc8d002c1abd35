package rules

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The default rules.yaml and the spec's catalogue agree on every id and severity.
func TestCatalogueMatchesSpec(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "spec", "rules.md"))
	if err != nil {
		t.Skipf("the spec is not beside the repository (%v): nothing to compare with", err)
	}
	spec := map[string]string{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\| (error|warning|info) \\|").FindAllStringSubmatch(string(data), -1) {
		spec[m[1]] = m[2]
	}
	if len(spec) < 30 {
		t.Fatalf("read only %d rules from rules.md: has its table format changed?", len(spec))
	}
	ours := map[string]string{}
	for _, r := range defaultSet(t).Rules() {
		ours[r.ID] = string(r.Severity)
		if r.Title("zh") == "" || r.Title("en") == r.Title("zh") || r.Message("en") == r.Message("zh") || r.PolicyRef == "" {
			t.Errorf("%s: needs a Chinese and an English title and message, and a policy_ref", r.ID)
		}
	}
	for id, sev := range spec {
		if got, ok := ours[id]; !ok {
			t.Errorf("rules.md has %s, rules.yaml does not", id)
		} else if got != sev {
			t.Errorf("%s: rules.yaml says %s, rules.md %s", id, got, sev)
		}
	}
	for id := range ours {
		if _, ok := spec[id]; !ok {
			t.Errorf("rules.yaml has %s, rules.md does not", id)
		}
	}
}

// Every mistake of a rules file is reported, each with its line.
func TestLoadErrorsHaveLines(t *testing.T) {
	const file = `extends: default
colour: red
params:
  min_trainee_days: many
rules:
  - id: worker-min-days
    severity: fatal
  - id: no-such-rule
    severity: warning
  - id: my-rule
    severity: info
    kind: sideways
    title: x
    message: x
  - id: my-other-rule
    severity: info
    kind: row
    on: workers
    title: x
    message: x
    check: days >=
  - id: third-rule
    severity: info
    kind: row
    on: workers
    column: shoe_size
    title: x
    message: x
    check: true
  - id: fourth-rule
    severity: info
    kind: row
    on: workers
    title: x
    message: "{{nme}}"
    check: params.no_such_param > 1
    colour: blue
  - id: fifth-rule
    severity: info
    kind: row
    on: pairings
    needs: [workers.shoe_size, stables]
    title: x
    message: x
    check: true
`
	_, err := Parse("mine.yaml", []byte(file))
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LoadError, got %v", err)
	}
	want := []struct {
		line int
		msg  string
	}{
		{2, `unknown key "colour"`},
		{4, "param min_trainee_days"},
		{7, `severity "fatal"`},
		{8, `unknown rule id "no-such-rule"`},
		{12, `unknown kind "sideways"`},
		{21, "does not compile"},
		{26, `unknown field "shoe_size"`},
		{35, `unknown name "nme"`},
		{36, `unknown param "no_such_param"`},
		{37, `unknown key "colour" in a rule`},
		{42, `sheet workers has no field "shoe_size"`},
		{42, `unknown sheet "stables"`},
	}
	if len(le.Issues) != len(want) {
		t.Errorf("got %d issues, want %d:\n%v", len(le.Issues), len(want), err)
	}
	for _, w := range want {
		found := false
		for _, is := range le.Issues {
			if is.Line == w.line && strings.Contains(is.Msg, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("no issue at line %d containing %q in:\n%v", w.line, w.msg, err)
		}
	}
	if !strings.HasPrefix(err.Error(), "mine.yaml:2: ") {
		t.Errorf("Error() = %q, want it to start with file:line", err.Error())
	}
}

func TestBrokenYAMLHasLine(t *testing.T) {
	_, err := Parse("x.yaml", []byte("version: 1\nparams:\n  a: 1\n  b: [2\n"))
	var le *LoadError
	if !errors.As(err, &le) || le.Issues[0].Line < 2 || !strings.Contains(le.Issues[0].Msg, "not valid YAML") {
		t.Errorf("got %v, want a LoadError with its line", err)
	}
}

// extends: default, overrides by id, disabled rules, params, and --set.
func TestExtendsAndSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mine.yaml")
	os.WriteFile(path, []byte(`extends: default
params:
  min_trainee_days: 100
rules:
  - id: worker-min-days
    severity: warning
    params: {min_dispatch_days: 30}
  - id: station-coverage
    disabled: true
`), 0o644)
	rs, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	def := defaultSet(t)
	if rs.Name() != "mine.yaml" || rs.SHA256() == def.SHA256() || len(rs.Rules()) != len(def.Rules()) {
		t.Errorf("name %q, sha equal to default: %v, %d rules", rs.Name(), rs.SHA256() == def.SHA256(), len(rs.Rules()))
	}
	wmd := rs.Rule("worker-min-days")
	if wmd.Severity != "warning" || wmd.Params()["min_dispatch_days"] != 30 || rs.Params()["min_dispatch_days"] != 40 {
		t.Errorf("worker-min-days: %s %v", wmd.Severity, wmd.Params())
	}
	if rs.Params()["min_trainee_days"] != 100 || !rs.Rule("station-coverage").Disabled {
		t.Error("param or disabled override lost")
	}
	b := tianjin(t).worker(m{"name": "孙示例", "id_number": id4, "days": 35})
	out := rs.Check(books(b), nil, opts())
	if s := status(out, "station-coverage"); s.Status != "disabled" {
		t.Errorf("station-coverage: %s", s.Status)
	}
	if vs := of(out, "worker-min-days"); len(vs) != 0 {
		t.Errorf("worker-min-days with min 30 judged 35 days short: %+v", vs)
	}

	sha := rs.SHA256()
	for _, tc := range []struct {
		key, value string
		want       any
	}{
		{"min_dispatch_days", "30", 30},
		{"plan_deadline", "2022-02-28", time.Date(2022, 2, 28, 0, 0, 0, 0, time.UTC)},
		{"work_years", "2021-2026", []any{2021, 2022, 2023, 2024, 2025, 2026}},
		{"qualifying_cert_levels", "社会工作师,高级社会工作师,助理社会工作师", []any{"社会工作师", "高级社会工作师", "助理社会工作师"}},
		{"dispatch_days_per", "org", "org"},
	} {
		if err := rs.Set(tc.key, tc.value); err != nil {
			t.Errorf("Set(%s): %v", tc.key, err)
		} else if got := rs.Params()[tc.key]; !equalValues(got, tc.want) {
			t.Errorf("Set(%s) = %#v, want %#v", tc.key, got, tc.want)
		}
	}
	if rs.SHA256() == sha {
		t.Error("--set did not change the rule set's sha256")
	}
	for _, bad := range [][2]string{{"no_such", "1"}, {"min_trainees", "three"}, {"plan_deadline", "soon"}} {
		if err := rs.Set(bad[0], bad[1]); err == nil {
			t.Errorf("Set(%s=%s) accepted", bad[0], bad[1])
		}
	}
}

func equalValues(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	return display(a, "en") == display(b, "en")
}

// Setting a param changes what the rules judge, derived fields included.
func TestSetAffectsDerivedFields(t *testing.T) {
	rs := defaultSet(t)
	b := tianjin(t)
	if vs := of(rs.Check(books(b), nil, opts()), "worker-certificate"); len(vs) != 0 {
		t.Fatalf("compliant workers failed: %+v", vs)
	}
	if err := rs.Set("qualifying_cert_levels", "高级社会工作师"); err != nil {
		t.Fatal(err)
	}
	out := rs.Check(books(b), nil, opts())
	if len(of(out, "worker-certificate")) != 2 || len(of(out, "dispatch-min-workers")) != 1 {
		t.Errorf("after --set qualifying_cert_levels=高级社会工作师: %d certificate, %d min-workers violations",
			len(of(out, "worker-certificate")), len(of(out, "dispatch-min-workers")))
	}
}

// A rule's params include those of the derived fields it reads.
func TestParamsUsedIncludeDerived(t *testing.T) {
	got := defaultSet(t).Rule("dispatch-min-workers").Params()
	for _, k := range []string{"min_dispatched_workers", "qualifying_cert_levels", "min_service_years", "min_dispatch_days", "dispatch_days_per"} {
		if _, ok := got[k]; !ok {
			t.Errorf("dispatch-min-workers.Params() lacks %s: %v", k, got)
		}
	}
}

// A derived field may replace what Go stores on a view, the dispatching side of a pair included
// (it then starts from that side's row), but not a field read from the sheet or computed when
// read: that is a load error, not a crash.
func TestDeriveReplacesStoredFieldsOnly(t *testing.T) {
	load := func(view, field, src string) (*RuleSet, error) {
		return Parse("user", []byte("extends: default\nderive:\n  "+view+":\n    "+field+": \""+src+"\"\n"+
			"rules:\n  - {id: show-pair, severity: info, kind: row, on: pairs, title: x, title_en: x, check: 'false',\n"+
			"     message: '{{dispatch_org}} {{dispatch_file}}', message_en: '{{dispatch_org}} {{dispatch_file}}'}\n"))
	}
	shown := func(rs *RuleSet) []string {
		g := wb(t, "gansu.xlsx").province("甘肃省").pairing(m{"dispatch_org": "天津市另一社会工作服务中心"})
		var out []string
		for _, v := range of(rs.Check(books(tianjin(t), g), nil, opts()), "show-pair") {
			out = append(out, v.Message)
		}
		return out
	}
	for _, c := range []struct{ view, field, src, want string }{
		{"pairs", "dispatch_org", "dispatch_org + '*'", "天津市和平区示例社会工作服务中心* tianjin.xlsx"},
		{"pairs", "dispatch_file", "'x.xlsx'", "天津市和平区示例社会工作服务中心 x.xlsx"},
	} {
		rs, err := load(c.view, c.field, c.src)
		if err != nil {
			t.Fatalf("derive %s.%s: %v", c.view, c.field, err)
		}
		if got := shown(rs); len(got) != 1 || got[0] != c.want {
			t.Errorf("derive %s.%s: messages %q, want [%q]", c.view, c.field, got, c.want)
		}
	}
	for _, field := range [][2]string{{"workers", "year"}, {"workers", "file"}, {"workers", "person_days"}} {
		_, err := load(field[0], field[1], "1")
		if err == nil || !strings.Contains(err.Error(), "already a field of the view") {
			t.Errorf("derive %s.%s: err = %v, want a load error naming the clash", field[0], field[1], err)
		}
	}
}
