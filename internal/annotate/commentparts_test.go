package annotate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qianshou/qianshou/internal/result"
)

// A workbook saved by openpyxl (testdata/openpyxl-comments.xlsx, made with openpyxl 3.0.9: two
// sheets of synthetic values with a header comment each, as a filled-in template has) keeps its
// comments at /xl/comments/commentN.xml, where excelize cannot add one: the copy must still carry
// a comment at every marked cell, next to the comments the workbook had.
func TestWriteCommentsAWorkbookSavedByOpenpyxl(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "openpyxl-comments.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "天津.xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	before := sha(t, src)
	vs := []result.Violation{
		{Rule: "id-number-invalid", Severity: result.Error, Title: "身份证号码有误", Message: "校验位错误", File: src, Sheet: "援派人员", Row: 2, Column: "C", Cell: "C2"},
		{Rule: "org-unknown", Severity: result.Error, Title: "机构不明", Message: "机构名称有误", File: src, Sheet: "结对关系", Row: 2, Column: "C", Cell: "C2"},
	}
	dst, err := Write(src, filepath.Join(dir, "out", "天津.xlsx"), vs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sha(t, src) != before {
		t.Error("the input workbook changed")
	}
	f := open(t, dst)
	for sheet, want := range map[string]map[string]string{
		"结对关系": {"C1": "类型：文本 必填", "C2": "机构名称有误"},
		"援派人员": {"C1": "18 位公民身份号码", "C2": "校验位错误"},
	} {
		cs, err := f.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, c := range cs {
			text := c.Text
			for _, r := range c.Paragraph {
				text += r.Text
			}
			got[c.Cell] = text
		}
		for cell, w := range want {
			if !strings.Contains(got[cell], w) {
				t.Errorf("%s!%s comment = %q, want it to contain %q (comments: %q)", sheet, cell, got[cell], w, got)
			}
		}
	}
}

// A workbook whose comments are laid out as Excel, WPS and excelize write them is opened as it is.
func TestLayOutCommentsLeavesExcelsLayoutAlone(t *testing.T) {
	src := filepath.Join(t.TempDir(), "甘肃.xlsx")
	buildInput(t, src) // has a comment at 结对关系!E2
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := layOutComments(data); err != nil || out != nil {
		t.Errorf("layOutComments = %d bytes, %v; want nil, nil", len(out), err)
	}
}
