package sample

import (
	"flag"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/ident"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/sample from this code")

const committed = "../../testdata/sample"

// TestSampleUpToDate keeps the committed sample batch (what the README runs) in step with the code
// that describes it: every sheet's cells and merged ranges must match.
func TestSampleUpToDate(t *testing.T) {
	if *update {
		if err := Write(committed); err != nil {
			t.Fatal(err)
		}
	}
	fresh := t.TempDir()
	if err := Write(fresh); err != nil {
		t.Fatal(err)
	}
	for _, name := range Files {
		got, want := cells(t, filepath.Join(committed, name)), cells(t, filepath.Join(fresh, name))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs from internal/sample: run go test ./internal/sample -update", name)
		}
	}
}

func cells(t *testing.T, path string) map[string]any {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s: %v (run go test ./internal/sample -update)", path, err)
	}
	defer f.Close()
	out := map[string]any{}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		merges, _ := f.GetMergeCells(sh)
		var ranges []string
		for _, m := range merges {
			ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		out[sh] = []any{rows, ranges}
	}
	return out
}

func TestSyntheticIdentifiersAreValid(t *testing.T) {
	asOf := time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC)
	if id := IDNumber("620102", "19900101", 1); ident.CheckIDNumber(id, asOf) != "" {
		t.Errorf("IDNumber gave an invalid %q: %s", id, ident.CheckIDNumber(id, asOf))
	}
	if code := CreditCode("620102", 1); ident.CheckCreditCode(code) != "" || ident.CreditDivision(code) != "620102" {
		t.Errorf("CreditCode gave %q (%s)", code, ident.CheckCreditCode(code))
	}
}
