package report

import (
	"strings"
	"testing"

	"github.com/qianshou/qianshou/internal/result"
)

func TestGitHubGolden(t *testing.T) {
	checkGolden(t, "report.github.txt", render(t, "github", sampleResult(), Options{}))
}

func TestGitHubCommands(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    result.Violation
		want string
	}{
		{"error with cell", result.Violation{Rule: "worker-certificate", Severity: result.Error, Message: "证书不符", File: "a.xlsx", Sheet: "援派人员", Row: 7, Cell: "F7"},
			"::error file=a.xlsx,line=7,title=worker-certificate::援派人员!F7: 证书不符\n"},
		{"warning, escaped file and message", result.Violation{Rule: "r", Severity: result.Warning, Message: "50%\r\nnext", File: "d/x, 2022: v2.xlsx"},
			"::warning file=d/x%2C 2022%3A v2.xlsx,title=r::50%25%0D%0Anext\n"},
		{"info without file", result.Violation{Rule: "county-coverage", Severity: result.Info, Message: "m"},
			"::notice title=county-coverage::m\n"},
		{"waived error is a notice", result.Violation{Rule: "r", Severity: result.Error, Message: "m", File: "a.xlsx", Waived: &result.Waiver{Reason: "ok"}},
			"::notice file=a.xlsx,title=r::m%0Awaived: ok\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(render(t, "github", &result.Result{Violations: []result.Violation{tc.v}}, Options{Lang: "en"}))
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Each violation is exactly one line, whatever newlines its message holds.
func TestGitHubOneLinePerViolation(t *testing.T) {
	out := string(render(t, "github", sampleResult(), Options{}))
	if got, want := strings.Count(out, "\n"), len(sampleResult().Violations); got != want {
		t.Errorf("%d lines, want %d:\n%s", got, want, out)
	}
}
