package template_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/ident"
	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/qianshou/qianshou/internal/template"
	"github.com/qianshou/qianshou/internal/workbook"
	"github.com/qianshou/qianshou/rules"
	"github.com/xuri/excelize/v2"
)

// province is the filing province of the round trip: 重庆 pairs its own key counties (省内帮扶), so
// one workbook is both the dispatching and the recipient side and every sheet is required.
const province = "重庆市"

var (
	asOf       = time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC)
	reportDate = asOf
	workYear   = 2022
)

// row is one record to fill in, by field key.
type row map[string]any

// filling is what goes into a template: 基本信息 values by label key, and rows by sheet key.
type filling struct {
	info map[string]any
	rows map[string][]row
}

func creditCode(division string, n int) string {
	first17 := fmt.Sprintf("52%sMJ%07d", division, n)
	return first17 + string(ident.CreditCheckChar(first17))
}

func idNumber(n int) string {
	first17 := fmt.Sprintf("50010119850%d%02d%03d", 1+n%9, 10+n%18, n)
	return first17 + string(ident.IDCheckDigit(first17))
}

// compliant is a workbook that meets every rule: each key county of the province has a pairing,
// each 援派机构 two qualified workers and its funding, each 受援机构 three trainees.
func compliant(t *testing.T, rs *rules.RuleSet) filling {
	t.Helper()
	fig := figures(t, rs)
	fill := filling{
		info: map[string]any{"province": province, "unit": "重庆市民政局", "contact": "王小明", "phone": "023-00000000", "report_date": reportDate},
		rows: map[string][]row{},
	}
	person := 0
	for i, c := range reference.DefaultCounties().InProvince(province) {
		dispatch := fmt.Sprintf("重庆市示例社会工作服务中心%d", i+1)
		recipient := fmt.Sprintf("%s示例社会工作服务站", c.Name)
		fill.rows["pairings"] = append(fill.rows["pairings"], row{
			"seq": i + 1, "year": workYear, "mode": "省内帮扶",
			"dispatch_province": province, "dispatch_org": dispatch, "dispatch_org_code": creditCode("500000", i+1),
			"dispatch_org_type":  reference.OrgTypes[0],
			"recipient_province": province, "recipient_county": c.Name, "recipient_org": recipient,
			"recipient_org_code": creditCode(c.Code, 100+i), "recipient_org_type": reference.OrgTypes[0],
			"agreement_date": time.Date(2022, 1, 10, 0, 0, 0, 0, time.UTC),
		})
		for k := 0; k < 2; k++ {
			person++
			fill.rows["workers"] = append(fill.rows["workers"], row{
				"year": workYear, "dispatch_org": dispatch, "name": fmt.Sprintf("援派人员%d", person),
				"id_number": idNumber(person), "cert_level": "社会工作师", "cert_no": fmt.Sprintf("Z%08d", person),
				"service_start": time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC),
				"days":          fig.MinDispatchDays + 5, "phone": "13800000000",
			})
		}
		for k := 0; k < 3; k++ {
			person++
			fill.rows["trainees"] = append(fill.rows["trainees"], row{
				"year": workYear, "recipient_org": recipient, "name": fmt.Sprintf("受援人员%d", person),
				"id_number": idNumber(person), "days": fig.MinTraineeDays + 10, "exam": "是",
			})
		}
		fill.rows["funds"] = append(fill.rows["funds"], row{
			"year": workYear, "dispatch_org": dispatch,
			"ministry_subsidy": fig.SubsidyIntraProvince, "provincial_funding": fig.ProvincialMinFunding,
		})
	}
	return fill
}

// writeFilled makes a template for the province, fills it through its own header row (columns are
// found by their header text, as a user would) and saves it.
func writeFilled(t *testing.T, rs *rules.RuleSet, fill filling) string {
	t.Helper()
	f, err := template.New(template.Options{Kind: template.KindProvince, Province: province, Figures: figures(t, rs)})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := schema.Default()
	for i, l := range s.Info.Labels {
		v, ok := fill.info[l.Key]
		if !ok {
			continue
		}
		label, _ := f.GetCellValue(s.Info.Sheet, fmt.Sprintf("A%d", i+1))
		if label != l.Label {
			t.Fatalf("基本信息 A%d = %q, want %q", i+1, label, l.Label)
		}
		if err := f.SetCellValue(s.Info.Sheet, fmt.Sprintf("B%d", i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	for key, rows := range fill.rows {
		sh := s.Sheet(key)
		cols := template.HeaderColumns(t, f, sh.Name)
		for r, values := range rows {
			for field, v := range values {
				col, ok := cols[sh.Field(field).Header]
				if !ok {
					t.Fatalf("%s: the template has no column %q", sh.Name, sh.Field(field).Header)
				}
				if err := f.SetCellValue(sh.Name, fmt.Sprintf("%s%d", col, r+2), v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	path := filepath.Join(t.TempDir(), "重庆市.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("QIANSHOU_KEEP_FILLED"); dir != "" { // to render and look at it
		_ = f.SaveAs(filepath.Join(dir, "filled-"+t.Name()[strings.LastIndex(t.Name(), "/")+1:]+".xlsx"))
	}
	return path
}

func figures(t *testing.T, rs *rules.RuleSet) template.Figures {
	t.Helper()
	fig, err := template.FiguresFrom(rs.Params())
	if err != nil {
		t.Fatal(err)
	}
	return fig
}

func check(t *testing.T, rs *rules.RuleSet, path string) []result.Violation {
	t.Helper()
	wb := workbook.Read(path, template.KindProvince, workbook.Options{})
	out := rs.Check([]*workbook.Workbook{wb}, nil, rules.Options{
		AsOf: asOf, Scope: "provinces", Lang: "zh", Counties: reference.DefaultCounties(),
	})
	return out.Violations
}

func TestFilledTemplatePassesTheDefaultRules(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range check(t, rs, writeFilled(t, rs, compliant(t, rs))) {
		t.Errorf("%s %s!%s: %s", v.Rule, v.Sheet, v.Cell, v.Message)
	}
}

func TestOneWrongValueFiresItsRule(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	badCode := func(code string) string {
		last := byte('0')
		if code[17] == last {
			last = '1'
		}
		return code[:17] + string(last)
	}
	tests := []struct {
		name, sheet, field string
		wrong              func(old any) any
		rule               string
	}{
		{"assistant certificate", "workers", "cert_level", func(any) any { return "助理社会工作师" }, "worker-certificate"},
		{"credit-code check character", "pairings", "dispatch_org_code", func(old any) any { return badCode(old.(string)) }, "credit-code-invalid"},
		{"trainee short of days", "trainees", "days", func(old any) any { return old.(int) - 20 }, "trainee-min-days"},
		{"ID check digit", "workers", "id_number", func(old any) any { return badCode(old.(string)) }, "id-number-invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fill := compliant(t, rs)
			first := fill.rows[tt.sheet][0]
			first[tt.field] = tt.wrong(first[tt.field])
			sh := schema.Default().Sheet(tt.sheet)
			vs := check(t, rs, writeFilled(t, rs, fill))
			col := sh.FieldIndex(tt.field) + 1 // the template writes fields in schema order
			cell, _ := excelize.CoordinatesToCellName(col, 2)
			found := false
			for _, v := range vs {
				if v.Rule == "invalid-value" {
					t.Errorf("a template value is invalid: %s!%s %s", v.Sheet, v.Cell, v.Message)
				}
				found = found || (v.Rule == tt.rule && v.Sheet == sh.Name && (v.Cell == cell || v.Cell == "" && v.Row == 2))
			}
			if !found {
				t.Errorf("%s did not fire at %s!%s; got %v", tt.rule, sh.Name, cell, vs)
			}
		})
	}
}
