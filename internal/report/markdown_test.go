package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qianshou/qianshou/internal/result"
)

func TestMarkdownGolden(t *testing.T) {
	checkGolden(t, "report.md", render(t, "markdown", sampleResult(), Options{}))
	checkGolden(t, "report.en.md", render(t, "markdown", sampleResult(), Options{Lang: "en"}))
}

// A pipe or newline in a message cannot break the table, and markup a submitter wrote stays text.
func TestMarkdownEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"a | b":         `a \| b`,
		"line1\nline2":  "line1<br>line2",
		scriptTag:       `\<script\>alert(1)\</script\>`,
		"[x](http://y)": `\[x\](http://y)`,
		"甘肃省":           "甘肃省",
	} {
		if got := markdownText(in); got != want {
			t.Errorf("markdownText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownCapsViolations(t *testing.T) {
	r := sampleResult()
	r.Violations = nil
	for i := range markdownMaxRows + 7 {
		r.Violations = append(r.Violations, result.Violation{Rule: "invalid-value", Severity: result.Error,
			Title: "t", Message: fmt.Sprintf("m%d", i), File: "a.xlsx", Sheet: "结对关系", Row: i + 2})
	}
	out := string(render(t, "markdown", r, Options{Lang: "en"}))
	if n := strings.Count(out, "| error | `invalid-value` |"); n != markdownMaxRows {
		t.Errorf("%d violation rows, want %d", n, markdownMaxRows)
	}
	if !strings.Contains(out, "… and 7 more") {
		t.Error("no '… and 7 more' line")
	}
}
