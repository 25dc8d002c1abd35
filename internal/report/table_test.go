package report

import (
	"strings"
	"testing"
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
