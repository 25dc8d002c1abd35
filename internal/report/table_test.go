package report

import (
	"strings"
	"testing"

	"github.com/qianshou/qianshou/internal/result"
)

func TestTableGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		opt    Options
	}{
		{"table.zh.txt", Options{}},
		{"table.en.txt", Options{Lang: "en"}},
		{"table.zh.color.txt", Options{Color: true}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			checkGolden(t, tc.golden, render(t, "table", sampleResult(), tc.opt))
		})
	}
}

func TestTableColourOnlyWhenAsked(t *testing.T) {
	if out := render(t, "table", sampleResult(), Options{}); strings.Contains(string(out), "\x1b[") {
		t.Error("plain table contains ANSI escapes")
	}
	if out := render(t, "table", sampleResult(), Options{Color: true}); !strings.Contains(string(out), "\x1b[31m错误\x1b[0m") {
		t.Error("coloured table does not paint errors red")
	}
}

func TestTablePassingRun(t *testing.T) {
	r := &result.Result{Summary: result.Summary{Files: 1, Rows: 10, Passed: true},
		RuleStatus: []result.RuleStatus{{Rule: "worker-certificate", Severity: result.Error, Title: "援派人员须持社会工作师证书", Status: "passed"}}}
	out := string(render(t, "table", r, Options{}))
	for _, want := range []string{"qianshou: 通过\n", "| worker-certificate | 错误 | 援派人员须持社会工作师证书 | 通过 |", "未发现问题。"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"短句", 10, "短句"},
		{"甘肃省东乡族自治县没有结对", 10, "甘肃省东乡\n族自治县没\n有结对"},
		{"the org has too few workers", 12, "the org has\ntoo few\nworkers"},
		{"see http://example.org/very/long", 10, "see\nhttp://exa\nmple.org/v\nery/long"},
		{"第一行\n第二行", 4, "第一\n行\n第二\n行"},
		{"证书 助理社会工作师", 8, "证书 助\n理社会工\n作师"}, // Chinese fills each line
	} {
		if got := wrapText(tc.in, tc.width); got != tc.want {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

func TestEvidence(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    result.Violation
		want string
	}{
		{"none", result.Violation{File: "a.xlsx"}, ""},
		{"rows of its own sheet", result.Violation{File: "a.xlsx", Rows: []int{4, 9}}, "证据：第 4、9 行"},
		{"refs across sheets and files", result.Violation{File: "a.xlsx", Evidence: []result.Ref{
			{File: "a.xlsx", Sheet: "援派人员", Row: 4}, {File: "a.xlsx", Sheet: "援派人员", Row: 9}, {File: "b.xlsx", Sheet: "结对关系", Row: 2}}},
			"证据：援派人员 第 4、9 行；b.xlsx 结对关系 第 2 行"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := evidence("zh", tc.v); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// Escape sequences in what a submitter wrote reach the terminal as inert characters.
func TestTableNeutralisesTerminalEscapes(t *testing.T) {
	r := sampleResult()
	r.Violations[2].Message = "值 \x1b[2J\x1b]0;pwned\x07 无法识别\r"
	r.Violations[2].Sheet = "结对\x1b[31m关系"
	out := string(render(t, "table", r, Options{}))
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Errorf("control characters reached the terminal:\n%q", out)
	}
	if !strings.Contains(out, "值 \uFFFD[2J\uFFFD]0;pwned\uFFFD 无法识别") {
		t.Errorf("message not shown with the controls replaced:\n%s", out)
	}
}

// Every line of one table is as wide on screen as its border, Chinese text included.
func TestTableColumnsAlign(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		out := string(render(t, "table", sampleResult(), Options{Lang: lang}))
		border := 0
		for _, line := range strings.Split(out, "\n") {
			switch {
			case !strings.HasPrefix(line, "+") && !strings.HasPrefix(line, "|"):
				border = 0
			case border == 0:
				border = textWidth(line)
			case textWidth(line) != border:
				t.Errorf("%s: line %q is %d columns wide, its table %d", lang, line, textWidth(line), border)
			}
		}
	}
}
