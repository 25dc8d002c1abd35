package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/qianshou/qianshou/internal/result"
)

// update rewrites the golden files of every format test in this package: go test -update.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Values a submitter could type to attack whoever opens a report.
const (
	hyperlinkFormula = `=HYPERLINK("http://x","y")`
	cmdFormula       = `+cmd|' /C calc'!A0`
	scriptTag        = `<script>alert(1)</script>`
)

// sampleResult is a small run that exercises every part of a report: three files (one
// unreadable), a group violation with evidence, a waived violation, a county-coverage violation
// with no file, skipped and disabled rules, a baseline (new and fixed), an expired waiver and
// malicious cell values. Names, IDs and codes are made up; the ID is masked as the engine does.
func sampleResult() *result.Result {
	yes, no := true, false
	newCount, fixedCount := 5, 1
	return &result.Result{
		FormatVersion: 1,
		Tool:          "qianshou",
		Version:       "0.1.0",
		Rules:         result.RulesInfo{Name: "default", SHA256: "9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345678901234567890abcdef01"},
		AsOf:          "2022-01-20",
		Lang:          "zh",
		Summary: result.Summary{
			Files: 3, Rows: 812, Errors: 5, Warnings: 1, Infos: 1, Waived: 1,
			New: &newCount, Fixed: &fixedCount, Passed: false,
		},
		Inputs: []result.Input{
			{File: "batch/broken.xls", Kind: "province", Error: "不支持 .xls 格式"},
			{File: "batch/gansu.xlsx", Kind: "province", SHA256: "1111111111111111111111111111111111111111111111111111111111111111",
				Sheets: map[string]int{"结对关系": 23, "受援人员": 40}, Province: "甘肃省", Side: "recipient"},
			{File: "batch/shanghai, 2022: v2.xlsx", Kind: "province", SHA256: "2222222222222222222222222222222222222222222222222222222222222222",
				Sheets: map[string]int{"结对关系": 20, "援派人员": 51, "资金": 12}, Province: "上海市", Side: "dispatch"},
		},
		RuleStatus: []result.RuleStatus{
			{Rule: "county-coverage", Severity: result.Error, Title: "重点县须全部结对", PolicyRef: "一", Status: "failed", Violations: 1},
			{Rule: "dispatch-min-workers", Severity: result.Error, Title: "援派机构须派出至少 2 名合格人员", PolicyRef: "二(四)2", Status: "failed", Violations: 1},
			{Rule: "file-unreadable", Severity: result.Error, Title: "文件无法读取", Status: "failed", Violations: 1},
			{Rule: "id-number-invalid", Severity: result.Error, Title: "身份证号码无效", Status: "passed"},
			{Rule: "invalid-value", Severity: result.Error, Title: "单元格的值无法识别", Status: "failed", Violations: 3},
			{Rule: "plan-deadline", Severity: result.Info, Title: "工作计划须按时报送", PolicyRef: "三(二)", Status: "disabled"},
			{Rule: "station-coverage", Severity: result.Warning, Title: "社会工作服务站应全覆盖", PolicyRef: "二(三)", Status: "skipped", Reason: "无 服务站 工作表"},
			{Rule: "worker-certificate", Severity: result.Error, Title: "援派人员须持社会工作师证书", PolicyRef: "二(四)2", Status: "failed", Violations: 2, Waived: 1},
		},
		Coverage: []result.Coverage{{Province: "甘肃省", Year: 2022, Counties: 23, Paired: 22, Missing: []string{"东乡族自治县"}}},
		Violations: []result.Violation{
			{Rule: "county-coverage", Severity: result.Error, Title: "重点县须全部结对",
				Message: "甘肃省 东乡族自治县 2022 年度没有结对：请为该县安排援派机构", PolicyRef: "一",
				Context:     map[string]any{"county": "东乡族自治县", "province": "甘肃省", "year": 2022},
				Fingerprint: "cc01", New: &yes},
			{Rule: "file-unreadable", Severity: result.Error, Title: "文件无法读取",
				Message: "无法读取 .xls 文件：请用 Excel 或 WPS 另存为 .xlsx 后重新检查", File: "batch/broken.xls",
				Fingerprint: "fu01", New: &no},
			{Rule: "invalid-value", Severity: result.Error, Title: "单元格的值无法识别",
				Message: "结对年度不是有效年份：请填写 4 位数字年份，如 2022", File: "batch/gansu.xlsx", Sheet: "结对关系",
				Row: 5, Column: "B", Cell: "B5", Value: hyperlinkFormula, Fingerprint: "iv01", New: &yes},
			{Rule: "invalid-value", Severity: result.Error, Title: "单元格的值无法识别",
				Message: "受援机构类型不在规定范围内 | 请从下拉列表选择\n（共九类）", File: "batch/gansu.xlsx", Sheet: "结对关系",
				Row: 9, Column: "G", Cell: "G9", Value: cmdFormula, Fingerprint: "iv02", New: &yes},
			{Rule: "invalid-value", Severity: result.Warning, Title: "单元格的值无法识别",
				Message: "完成率 50% 无法识别：请填写数字", File: "batch/gansu.xlsx", Sheet: "受援人员",
				Row: 3, Column: "D", Cell: "D3", Value: scriptTag, Fingerprint: "iv03", New: &yes},
			{Rule: "dispatch-min-workers", Severity: result.Error, Title: "援派机构须派出至少 2 名合格人员",
				Message: "某某社工中心 2022年: 合格援派人员 1 人 (第 4、9 行), 须 ≥2", PolicyRef: "二(四)2",
				File: "batch/shanghai, 2022: v2.xlsx", Sheet: "结对关系", Row: 4,
				Rows:        []int{4, 9},
				Evidence:    []result.Ref{{File: "batch/shanghai, 2022: v2.xlsx", Sheet: "援派人员", Row: 4}, {File: "batch/shanghai, 2022: v2.xlsx", Sheet: "援派人员", Row: 9}},
				Context:     map[string]any{"year": 2022, "dispatch_org": "某某社工中心", "actual": 1, "required": 2},
				Fingerprint: "dm01", New: &no},
			{Rule: "worker-certificate", Severity: result.Error, Title: "援派人员须持社会工作师证书",
				Message: "张小明的证书为 助理社会工作师：援派人员须持社会工作师或高级社会工作师证书", PolicyRef: "二(四)2",
				File: "batch/shanghai, 2022: v2.xlsx", Sheet: "援派人员", Row: 7, Column: "F", Cell: "F7", Value: "助理社会工作师",
				Context:     map[string]any{"year": 2022, "name": "张小明", "id_number": "620102********1234"},
				Fingerprint: "wc01", New: &no},
			{Rule: "worker-certificate", Severity: result.Error, Title: "援派人员须持社会工作师证书",
				Message: "李华的证书为 无：援派人员须持社会工作师或高级社会工作师证书", PolicyRef: "二(四)2",
				File: "batch/shanghai, 2022: v2.xlsx", Sheet: "援派人员", Row: 12, Column: "F", Cell: "F12", Value: "无",
				Fingerprint: "wc02", New: &yes,
				Waived: &result.Waiver{Reason: "证书考试延期，省厅已同意", Expires: "2022-06-30"}},
		},
		Fixed:          []string{"fx01"},
		ExpiredWaivers: []result.ExpiredWaiver{{Rule: "worker-min-days", Reason: "疫情期间天数顺延", Expires: "2021-12-31"}},
	}
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// render writes r in format with opt, failing the test on error.
func render(t *testing.T, format string, r *result.Result, opt Options) []byte {
	t.Helper()
	w, ok := Get(format)
	if !ok {
		t.Fatalf("format %q is not registered", format)
	}
	var buf bytes.Buffer
	if err := w(&buf, r, opt); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

// The formats tested in this file's companions (html and xlsx have their own tests).
var textFormats = []string{"table", "json", "csv", "markdown", "junit", "github"}

// Same Result, same bytes; and an empty Result (nil lists, zero summary) is written, not a panic.
func TestTextFormatsDeterministicAndTolerateEmpty(t *testing.T) {
	for _, format := range textFormats {
		t.Run(format, func(t *testing.T) {
			for _, lang := range []string{"zh", "en"} {
				opt := Options{Lang: lang}
				first := render(t, format, sampleResult(), opt)
				for range 3 {
					if again := render(t, format, sampleResult(), opt); !bytes.Equal(first, again) {
						t.Fatalf("two runs over the same Result differ (lang %s)", lang)
					}
				}
				render(t, format, &result.Result{}, opt)
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A report that could not be written is an error for the caller, never a silent success.
func TestTextFormatsReportWriteErrors(t *testing.T) {
	for _, format := range textFormats {
		w, _ := Get(format)
		if err := w(failingWriter{}, sampleResult(), Options{}); err == nil {
			t.Errorf("%s: no error when the write failed", format)
		}
	}
}
