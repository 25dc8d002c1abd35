package template

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/parse"
	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/xuri/excelize/v2"
)

// testFigures are the plan's figures as rules.yaml states them.
var testFigures = Figures{
	MinDispatchedWorkers: 2, MinServiceYears: 2, MinDispatchDays: 40,
	MinTrainees: 3, MinTraineeDays: 120,
	SubsidyCrossProvince: 30000, SubsidyIntraProvince: 20000, ProvincialMinFunding: 30000,
	PlanDeadline:        time.Date(2022, 1, 25, 0, 0, 0, 0, time.UTC),
	WorkYears:           []int{2021, 2022, 2023, 2024, 2025},
	QualifyingCerts:     []string{"社会工作师", "高级社会工作师"},
	EncouragedProvinces: []string{"西藏自治区", "新疆维吾尔自治区"},
}

// writeTemplate writes a template into a temporary directory and opens it again from disk.
func writeTemplate(t *testing.T, opts Options) (string, *excelize.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(out, opts); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

func TestSheetsAndHeadersFollowTheSchema(t *testing.T) {
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			_, f := writeTemplate(t, Options{Kind: kind, Figures: testFigures})
			want := []string{GuideSheet}
			if kind == KindProvince {
				want = append(want, schema.Default().Info.Sheet)
			}
			for _, sh := range schema.Default().SheetsOf(kind) {
				want = append(want, sh.Name)
			}
			got := slices.DeleteFunc(f.GetSheetList(), func(s string) bool { return s == ListSheet })
			if !slices.Equal(got, want) {
				t.Fatalf("sheets = %v, want %v", got, want)
			}
			for _, sh := range schema.Default().SheetsOf(kind) {
				rows, err := f.GetRows(sh.Name)
				if err != nil {
					t.Fatal(err)
				}
				var headers []string
				for _, fd := range sh.Fields {
					headers = append(headers, fd.Header)
				}
				if len(rows) != 1 || !slices.Equal(rows[0], headers) {
					t.Errorf("%s: rows = %q, want only the header row %q", sh.Name, rows, headers)
				}
				panes, err := f.GetPanes(sh.Name)
				if err != nil || !panes.Freeze || panes.YSplit != 1 {
					t.Errorf("%s: header row not frozen: %+v %v", sh.Name, panes, err)
				}
			}
		})
	}
}

func TestListSheetIsNoSchemaSheet(t *testing.T) {
	s := schema.Default()
	names := append([]string{s.Info.Sheet}, s.Info.Aliases...)
	for _, sh := range s.Sheets {
		names = append(names, sh.Name)
		names = append(names, sh.Aliases...)
	}
	for _, n := range names {
		if strings.Contains(ListSheet, n) || n == GuideSheet {
			t.Errorf("sheet %q of the template could be read as the schema sheet %q", ListSheet, n)
		}
	}
}

func TestBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"kind", Options{Kind: "county", Figures: testFigures}, "工作簿类型"},
		{"province", Options{Kind: KindProvince, Province: "江南省", Figures: testFigures}, "江南省"},
		{"year", Options{Kind: KindProvince, Year: 2030, Figures: testFigures}, "2030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

func TestSameOptionsSameBytes(t *testing.T) {
	opts := Options{Kind: KindProvince, Province: "甘肃", Year: 2022, Figures: testFigures}
	a, _ := writeTemplate(t, opts)
	b, _ := writeTemplate(t, opts)
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !slices.Equal(ab, bb) {
		t.Error("two templates from the same options differ")
	}
}

func TestCountyDropdown(t *testing.T) {
	all := len(reference.DefaultCounties().All())
	tests := []struct {
		province string
		want     int
	}{
		{"", all},
		{"甘肃省", len(reference.DefaultCounties().InProvince("甘肃省"))},
		{"浙江", all}, // a dispatching province without key counties pairs with counties elsewhere
	}
	for _, tt := range tests {
		t.Run(tt.province, func(t *testing.T) {
			w := &writer{opts: Options{Province: tt.province, Counties: reference.DefaultCounties()}}
			if got := len(w.countyNames()); got != tt.want {
				t.Errorf("%d counties, want %d", got, tt.want)
			}
		})
	}
}

func TestYuan(t *testing.T) {
	for in, want := range map[float64]string{30000: "3万元", 20000: "2万元", 12345: "12,345元", 500.5: "500.5元", 1234567: "1,234,567元"} {
		if got := yuan(in); got != want {
			t.Errorf("yuan(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestYearSpan(t *testing.T) {
	tests := []struct {
		years []int
		want  string
	}{
		{[]int{2021, 2022, 2023, 2024, 2025}, "2021—2025年"},
		{[]int{2022}, "2022年"},
		{[]int{2021, 2023}, "2021、2023年"},
	}
	for _, tt := range tests {
		if got := yearSpan(tt.years); got != tt.want {
			t.Errorf("yearSpan(%v) = %q, want %q", tt.years, got, tt.want)
		}
	}
}

// TestColumnsGuideTheUser opens a written template and checks, column by column, what an officer
// relies on: a comment on every header, text format on ID and credit-code columns, date and money
// formats, and a dropdown or range check on every typed column.
func TestColumnsGuideTheUser(t *testing.T) {
	_, f := writeTemplate(t, Options{Kind: KindProvince, Figures: testFigures})
	wantFormat := map[schema.Type]string{
		schema.IDNumber: "@", schema.CreditCode: "@", schema.Text: "@",
		schema.Date: "yyyy-mm-dd", schema.YearMonth: "yyyy-mm", schema.Money: "#,##0.00",
	}
	wantValidation := map[schema.Type]string{
		schema.Province: "list", schema.County: "list", schema.OrgType: "list", schema.CertLevel: "list",
		schema.Mode: "list", schema.Year: "list", schema.Bool: "list",
		schema.Int: "whole", schema.Number: "decimal", schema.Money: "decimal",
		schema.Date: "date", schema.YearMonth: "date", schema.IDNumber: "textLength", schema.CreditCode: "textLength",
	}
	for _, sh := range schema.Default().SheetsOf(KindProvince) {
		comments, err := f.GetComments(sh.Name)
		if err != nil {
			t.Fatal(err)
		}
		commentAt := map[string]string{}
		for _, c := range comments {
			for _, p := range c.Paragraph {
				commentAt[c.Cell] += p.Text
			}
		}
		dvs, err := f.GetDataValidations(sh.Name)
		if err != nil {
			t.Fatal(err)
		}
		dvOver := map[string]*excelize.DataValidation{}
		for _, dv := range dvs {
			dvOver[dv.Sqref] = dv
		}
		cols := HeaderColumns(t, f, sh.Name)
		for _, fd := range sh.Fields {
			col := cols[fd.Header]
			where := sh.Name + "!" + col + " " + fd.Header
			comment := commentAt[col+"1"]
			if !strings.Contains(comment, fd.Help) || !strings.Contains(comment, typeDocs[fd.Type].what) {
				t.Errorf("%s: comment %q lacks the help or the type", where, comment)
			}
			for _, alias := range fd.Aliases {
				if !strings.Contains(comment, alias) {
					t.Errorf("%s: comment lacks the accepted header %q", where, alias)
				}
			}
			if got := columnFormat(t, f, sh.Name, col); got != wantFormat[fd.Type] && wantFormat[fd.Type] != "" {
				t.Errorf("%s: number format %q, want %q", where, got, wantFormat[fd.Type])
			}
			dv := dvOver[fmt.Sprintf("%s2:%s%d", col, col, LastRow)]
			switch {
			case wantValidation[fd.Type] == "" && dv != nil:
				t.Errorf("%s: unexpected validation %s", where, dv.Type)
			case wantValidation[fd.Type] != "" && (dv == nil || dv.Type != wantValidation[fd.Type]):
				t.Errorf("%s: validation %+v, want a %s over rows 2–%d", where, dv, wantValidation[fd.Type], LastRow)
			}
		}
	}
}

// HeaderColumns maps each header of row 1 to its column letter (exported for the round-trip test).
func HeaderColumns(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: no header row (%v)", sheet, err)
	}
	cols := map[string]string{}
	for i, h := range rows[0] {
		cols[h], _ = excelize.ColumnNumberToName(i + 1)
	}
	return cols
}

// columnFormat is the number format code of a column's style ("" for General).
func columnFormat(t *testing.T, f *excelize.File, sheet, col string) string {
	t.Helper()
	id, err := f.GetColStyle(sheet, col)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt == 49 { // Excel's built-in text format
		return "@"
	}
	return ""
}

func TestDropdownSources(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		sheet    string
		typ      schema.Type
		contains []string // in the inline list, or in the hidden list it refers to
		absent   []string
	}{
		{"all counties go to the hidden sheet", Options{Kind: KindProvince}, "结对关系", schema.County,
			[]string{"东乡族自治县", "融水苗族自治县", "城口县"}, nil},
		{"a province's counties inline", Options{Kind: KindProvince, Province: "重庆"}, "结对关系", schema.County,
			[]string{"城口县"}, []string{"东乡族自治县"}},
		{"provinces", Options{Kind: KindAllocation}, "任务分配表", schema.Province,
			[]string{"甘肃省", "新疆维吾尔自治区", "北京市"}, nil},
		{"org types", Options{Kind: KindProvince}, "结对关系", schema.OrgType, reference.OrgTypes, nil},
		{"certificate levels", Options{Kind: KindProvince}, "援派人员", schema.CertLevel,
			[]string{"社会工作师", "高级社会工作师", "助理社会工作师"}, nil},
		{"work years", Options{Kind: KindProvince}, "资金", schema.Year, []string{"2021", "2025"}, nil},
		{"one work year", Options{Kind: KindProvince, Year: 2023}, "资金", schema.Year, []string{"2023"}, []string{"2022"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Figures = testFigures
			_, f := writeTemplate(t, tt.opts)
			items := dropdownItems(t, f, tt.sheet, tt.typ)
			for _, want := range tt.contains {
				if !slices.Contains(items, want) {
					t.Errorf("dropdown lacks %q: %q", want, items)
				}
			}
			for _, not := range tt.absent {
				if slices.Contains(items, not) {
					t.Errorf("dropdown has %q", not)
				}
			}
		})
	}
}

// dropdownItems returns the items of the dropdown on the first column of a type, following a
// reference into the hidden list sheet.
func dropdownItems(t *testing.T, f *excelize.File, sheet string, typ schema.Type) []string {
	t.Helper()
	sh := schema.Default().Sheet(sheetKey(sheet))
	col := ""
	for i, fd := range sh.Fields {
		if fd.Type == typ {
			col, _ = excelize.ColumnNumberToName(i + 1)
			break
		}
	}
	dvs, _ := f.GetDataValidations(sheet)
	for _, dv := range dvs {
		if !strings.HasPrefix(dv.Sqref, col+"2:") {
			continue
		}
		if inline, ok := strings.CutPrefix(dv.Formula1, `"`); ok {
			return strings.Split(strings.TrimSuffix(inline, `"`), ",")
		}
		prefix := "'" + ListSheet + "'!"
		if !strings.HasPrefix(dv.Formula1, prefix) {
			t.Fatalf("list source %q is neither inline nor in %s", dv.Formula1, ListSheet)
		}
		if visible, _ := f.GetSheetVisible(ListSheet); visible {
			t.Errorf("%s is visible", ListSheet)
		}
		cells := strings.Split(strings.ReplaceAll(strings.TrimPrefix(dv.Formula1, prefix), "$", ""), ":")
		var items []string
		c, r1, _ := excelize.CellNameToCoordinates(cells[0])
		_, r2, _ := excelize.CellNameToCoordinates(cells[1])
		for r := r1; r <= r2; r++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			v, _ := f.GetCellValue(ListSheet, name)
			items = append(items, v)
		}
		return items
	}
	t.Fatalf("%s: no dropdown on column %s", sheet, col)
	return nil
}

func sheetKey(name string) string {
	for _, sh := range schema.Default().Sheets {
		if sh.Name == name {
			return sh.Key
		}
	}
	return ""
}

func TestInfoSheet(t *testing.T) {
	_, f := writeTemplate(t, Options{Kind: KindProvince, Province: "甘肃", Figures: testFigures})
	info := schema.Default().Info
	dvs, _ := f.GetDataValidations(info.Sheet)
	for i, l := range info.Labels {
		label, _ := f.GetCellValue(info.Sheet, fmt.Sprintf("A%d", i+1))
		if label != l.Label {
			t.Errorf("A%d = %q, want %q", i+1, label, l.Label)
		}
		value, _ := f.GetCellValue(info.Sheet, fmt.Sprintf("B%d", i+1))
		if want := map[bool]string{true: "甘肃省"}[l.Type == schema.Province]; value != want {
			t.Errorf("B%d = %q, want %q", i+1, value, want)
		}
	}
	// The reader takes the first filled cell right of a label as its value: nothing may stand
	// beyond column B, or an empty value would read as that text.
	rows, _ := f.GetRows(info.Sheet)
	for i, r := range rows {
		if len(r) > 2 {
			t.Errorf("row %d has cells beyond B: %q", i+1, r)
		}
	}
	comments, _ := f.GetComments(info.Sheet)
	commented := map[string]bool{}
	for _, c := range comments {
		commented[c.Cell] = true
	}
	for i, l := range info.Labels {
		if cell := fmt.Sprintf("A%d", i+1); l.Help != "" && !commented[cell] {
			t.Errorf("%s %s: no comment with its help", cell, l.Label)
		}
	}
	var over []string
	for _, dv := range dvs {
		over = append(over, dv.Sqref)
	}
	if !slices.Contains(over, "B1") || !slices.Contains(over, "B5") {
		t.Errorf("validations over %v, want the province (B1) and the date (B5)", over)
	}
}

func TestGuideStatesThePlanFigures(t *testing.T) {
	// A rules file with --set min_trainee_days=100 or dispatch_days_per: org must show in the guide.
	shorter := testFigures
	shorter.MinTraineeDays = 100
	perOrg := testFigures
	perOrg.DaysPerOrg = true
	perOrg.QualifyingCerts = []string{"高级社会工作师"}
	tests := []struct {
		name string
		kind string
		fig  Figures
		want []string
		not  []string
	}{
		{"default", KindProvince, testFigures, []string{"2022年1月25日", "至少选派 2 名", "持社会工作师或高级社会工作师证书（助理社会工作师不符合）",
			"每人当年累计参与计划工作不少于 40 个工作日", "至少 3 人", "不少于 120 个工作日", "每年 3万元", "每年 2万元", "不低于 3万元",
			"2021—2025年", "如西藏自治区、新疆维吾尔自治区的县", "甘肃省", "结对关系", "受援人员"}, nil},
		{"shorter trainee days", KindProvince, shorter, []string{"不少于 100 个工作日"}, nil},
		{"days per org", KindProvince, perOrg, []string{"该机构援派人员当年合计参与计划工作不少于 40 个工作日", "持高级社会工作师证书（社会工作师、助理社会工作师不符合）"}, nil},
		{"allocation", KindAllocation, testFigures, []string{"任务分配表", "qianshou check -a 本文件.xlsx"}, []string{"身份证号码", "报送截止"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, f := writeTemplate(t, Options{Kind: tt.kind, Province: "甘肃", Figures: tt.fig})
			rows, _ := f.GetRows(GuideSheet)
			var text strings.Builder
			for _, r := range rows {
				text.WriteString(strings.Join(r, " ") + "\n")
			}
			for _, want := range tt.want {
				if !strings.Contains(text.String(), want) {
					t.Errorf("guide lacks %q", want)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(text.String(), not) {
					t.Errorf("guide says %q", not)
				}
			}
		})
	}
}

func TestFiguresFrom(t *testing.T) {
	params := map[string]any{
		"min_dispatched_workers": 2, "min_service_years": 2, "min_dispatch_days": 40, "min_trainees": 3,
		"min_trainee_days": 120, "subsidy_cross_province": 30000, "subsidy_intra_province": 20000.0,
		"provincial_min_funding": 30000, "plan_deadline": testFigures.PlanDeadline,
		"work_years": []any{2021, 2022, 2023, 2024, 2025}, "dispatch_days_per": "person",
		"qualifying_cert_levels": []any{"社会工作师", "高级社会工作师"}, "encouraged_provinces": []any{"西藏自治区", "新疆维吾尔自治区"},
	}
	got, err := FiguresFrom(params)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, testFigures) {
		t.Errorf("FiguresFrom = %+v, want %+v", got, testFigures)
	}
	delete(params, "min_trainees")
	params["plan_deadline"] = "2022-01-25"
	if _, err := FiguresFrom(params); err == nil || !strings.Contains(err.Error(), "min_trainees, plan_deadline") {
		t.Errorf("err = %v, want one naming min_trainees and plan_deadline", err)
	}
}

// The dropdowns offer the reader's canonical spellings: each item reads back as itself.
func TestDropdownItemsAreCanonical(t *testing.T) {
	canonical := map[schema.Type]func(string) (string, bool){
		schema.Mode:      parse.Mode,
		schema.CertLevel: parse.CertLevel,
		schema.Province:  parse.Province,
		schema.OrgType:   parse.OrgType,
		schema.Bool: func(s string) (string, bool) {
			_, ok := parse.Bool(s)
			return s, ok
		},
	}
	w := &writer{opts: Options{Figures: testFigures}}
	for typ, read := range canonical {
		_, values, _, ok := w.choices(typ)
		if !ok || len(values) == 0 {
			t.Errorf("%s: no dropdown", typ)
		}
		for _, v := range values {
			if got, ok := read(v); !ok || got != v {
				t.Errorf("%s: dropdown item %q reads as %q, %v", typ, v, got, ok)
			}
		}
	}
}
