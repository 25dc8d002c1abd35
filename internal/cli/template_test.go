package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qianshou/qianshou/internal/schema"
	"github.com/qianshou/qianshou/internal/template"
	"github.com/xuri/excelize/v2"
)

func TestTemplateWritesAWorkbook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "甘肃省.xlsx")
	code, _, errOut := run("template", "-o", path, "--province", "甘肃", "--year", "2022")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList()[0]; got != template.GuideSheet {
		t.Errorf("first sheet %q, want %q", got, template.GuideSheet)
	}
	info := schema.Default().Info
	if v, _ := f.GetCellValue(info.Sheet, "B1"); v != "甘肃省" {
		t.Errorf("填报省份 = %q, want 甘肃省", v)
	}
}

func TestTemplateRefusals(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.xlsx")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "new.xlsx")
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no output", []string{"template"}, "-o"},
		{"not xlsx", []string{"template", "-o", filepath.Join(dir, "t.xls")}, ".xlsx"},
		{"unknown kind", []string{"template", "-o", fresh, "--kind", "county"}, "province, allocation"},
		{"unknown province", []string{"template", "-o", fresh, "--province", "江南"}, "甘肃省"},
		{"year outside the plan", []string{"template", "-o", fresh, "--year", "2030"}, "2030"},
		{"existing file", []string{"template", "-o", existing}, "--force"},
		{"bad rules file", []string{"template", "-o", fresh, "--rules", filepath.Join(dir, "none.yaml")}, "none.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(tt.args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 naming %q", code, errOut, tt.want)
			}
			if _, err := os.Stat(fresh); err == nil {
				t.Error("a refused run left a file behind")
			}
			if b, _ := os.ReadFile(existing); string(b) != "keep me" {
				t.Error("an existing file was changed")
			}
		})
	}
	code, _, errOut := run("template", "-o", existing, "--force", "--kind", "allocation")
	if code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(existing); string(b) == "keep me" {
		t.Error("--force did not replace the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the directory: %v", entries)
	}
}
