package check

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/qianshou/qianshou/internal/result"
)

func touch(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpandDirectories(t *testing.T) {
	dir := t.TempDir()
	j := func(p string) string { return filepath.Join(dir, p) }
	touch(t, j("b/甘肃.xlsx"), j("a/宁夏.XLSX"), j("a/旧.xls"), j("a/~$宁夏.xlsx"), j("a/.隐藏.xlsx"),
		j(".git/x.xlsx"), j("a/说明.docx"), j("a/c/重庆.csv"), j("a/表.xlsb"), j("named.txt"))
	got, err := Expand([]string{dir, j("named.txt")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{j("a/c/重庆.csv"), j("a/宁夏.XLSX"), j("a/旧.xls"), j("a/表.xlsb"), j("b/甘肃.xlsx"), j("named.txt")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand =\n %q\nwant (sorted; lock, hidden and non-spreadsheet files left out; a named file kept)\n %q", got, want)
	}
	if _, err := Expand([]string{j("nosuch.xlsx")}); err == nil {
		t.Error("a path that does not exist must be an error")
	}
	// the same file named twice is checked once
	if got, _ := Expand([]string{j("b/甘肃.xlsx"), j("b")}); len(got) != 1 {
		t.Errorf("duplicates kept: %q", got)
	}
	// …however it is spelled: checked twice, a workbook would conflict with itself
	t.Chdir(dir)
	for _, args := range [][]string{
		{"b/甘肃.xlsx", "./b/甘肃.xlsx"},
		{"b/甘肃.xlsx", "a/../b/甘肃.xlsx", j("b/甘肃.xlsx")},
		{"b/甘肃.xlsx", "./b"},
	} {
		if got, _ := Expand(args); len(got) != 1 || got[0] != "b/甘肃.xlsx" {
			t.Errorf("Expand(%q) = %q, want the first spelling once", args, got)
		}
	}
}

func TestCountFailOnAndBaseline(t *testing.T) {
	yes, no := true, false
	vs := []result.Violation{
		{Rule: "a", Severity: result.Warning},
		{Rule: "b", Severity: result.Error, Waived: &result.Waiver{Reason: "ok"}},
		{Rule: "c", Severity: result.Info},
	}
	for _, tc := range []struct {
		name     string
		failOn   result.Severity
		baseline bool
		newFlags []*bool
		passed   bool
	}{
		{"waived errors never fail", result.Error, false, nil, true},
		{"a warning fails --fail-on warning", result.Warning, false, nil, false},
		{"never", "", false, nil, true},
		{"with a baseline only new violations fail", result.Warning, true, []*bool{&no, &no, &yes}, true},
		{"a new warning fails", result.Warning, true, []*bool{&yes, &no, &no}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &result.Result{Violations: append([]result.Violation(nil), vs...), RuleStatus: []result.RuleStatus{{Rule: "b"}}}
			for i, f := range tc.newFlags {
				res.Violations[i].New = f
			}
			count(res, tc.failOn, tc.baseline)
			if res.Summary.Passed != tc.passed {
				t.Errorf("passed = %v, want %v", res.Summary.Passed, tc.passed)
			}
			if res.Summary.Waived != 1 || res.Summary.Warnings != 1 || res.Summary.Infos != 1 || res.Summary.Errors != 0 {
				t.Errorf("summary = %+v", res.Summary)
			}
			if res.RuleStatus[0].Waived != 1 {
				t.Errorf("rule b waived count = %d, want 1", res.RuleStatus[0].Waived)
			}
		})
	}
}

// A consolidated archive is checked with GOGC=25; a province workbook or a national batch with
// Go's default; a GOGC the user set always wins.
func TestCheckGCPercent(t *testing.T) {
	for _, c := range []struct {
		rows   int
		env    string
		change bool
	}{
		{1_000, "", false},
		{100_000, "", false},
		{1_000_000, "", true},
		{1_000_000, "100", false},
		{1_000_000, "off", false},
	} {
		percent, change := checkGCPercent(c.rows, c.env)
		if change != c.change || change && percent != 25 {
			t.Errorf("checkGCPercent(%d, %q) = %d, %v; want change %v", c.rows, c.env, percent, change, c.change)
		}
	}
}
