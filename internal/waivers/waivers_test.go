package waivers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/result"
)

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "waivers.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestApplyActiveAndExpired(t *testing.T) {
	ws, err := Load(write(t, `waivers:
  - rule: worker-min-days
    file: 江苏省.xlsx
    context: {dispatch_org: 苏州市姑苏区乐群社会工作服务中心}
    reason: 疫情封控，经民政部同意顺延
    expires: 2022-12-31
  - rule: subsidy-amount
    reason: 已于2021年底调整
    expires: 2021-12-31
`))
	if err != nil {
		t.Fatal(err)
	}
	vs := []result.Violation{
		{Rule: "worker-min-days", File: "provinces/江苏省.xlsx", Context: map[string]any{"dispatch_org": "苏州市姑苏区乐群社会工作服务中心"}},
		{Rule: "worker-min-days", File: "provinces/江苏省.xlsx", Context: map[string]any{"dispatch_org": "南京市玄武区益众社会工作服务中心"}},
		{Rule: "subsidy-amount", File: "provinces/江苏省.xlsx"},
	}
	expired := Apply(vs, ws, time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC))
	if vs[0].Waived == nil || vs[0].Waived.Reason != "疫情封控，经民政部同意顺延" {
		t.Errorf("matching waiver not applied: %+v", vs[0].Waived)
	}
	if vs[1].Waived != nil {
		t.Errorf("waiver for another org applied: %+v", vs[1])
	}
	if vs[2].Waived != nil {
		t.Errorf("expired waiver still applied")
	}
	if len(expired) != 1 || expired[0].Rule != "subsidy-amount" {
		t.Errorf("expired = %+v, want the subsidy-amount waiver", expired)
	}
}

func TestLoadReportsMistakesWithLines(t *testing.T) {
	_, err := Load(write(t, "waivers:\n  - rule: x\n    reason: ok\n  - rule: y\n    expires: 2022-13-01\n"))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{":4:", "reason", "expires"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := Load(write(t, "waivers:\n  - rule: x\n    reasn: typo\n")); err == nil || !strings.Contains(err.Error(), "reasn") {
		t.Errorf("unknown key not reported: %v", err)
	}
}
