package cli

import (
	"bytes"
	"strings"
	"testing"
)

// A bug that panics must not print a bare Go stack trace as the whole answer, nor exit 0.
func TestGuardTurnsAPanicIntoAnExplainedExit2(t *testing.T) {
	var stderr bytes.Buffer
	code := guard(&stderr, func() int { panic("boom") })
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	out := stderr.String()
	for _, want := range []string{"内部错误", "boom", "qianshou version"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
	if code := guard(&stderr, func() int { return ExitViolations }); code != ExitViolations {
		t.Errorf("guard changed a normal exit code to %d", code)
	}
}
