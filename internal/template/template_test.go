package template

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/reference"
	"github.com/qianshou/qianshou/internal/schema"
	"github.com/xuri/excelize/v2"
)

// testFigures are the plan's figures as rules.yaml states them.
var testFigures = Figures{
	MinDispatchedWorkers: 2, MinServiceYears: 2, MinDispatchDays: 40,
	MinTrainees: 3, MinTraineeDays: 120,
	SubsidyCrossProvince: 30000, SubsidyIntraProvince: 20000, ProvincialMinFunding: 30000,
	PlanDeadline: time.Date(2022, 1, 25, 0, 0, 0, 0, time.UTC),
	WorkYears:    []int{2021, 2022, 2023, 2024, 2025},
}

// writeTemplate writes a template into a temporary directory and opens it again from disk.
func writeTemplate(t *testing.T, opts Options) (string, *excelize.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.xlsx")
	if err := WriteFile(path, opts, false); err != nil {
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

func TestWriteFileRefusesToOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.xlsx")
	if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{Kind: KindProvince, Figures: testFigures}
	if err := WriteFile(path, opts, false); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatalf("existing file changed")
	}
	if err := WriteFile(path, opts, true); err != nil {
		t.Fatal(err)
	}
	if _, err := excelize.OpenFile(path); err != nil {
		t.Fatalf("overwritten file is no workbook: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
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
