package report

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestCSVGolden(t *testing.T) {
	checkGolden(t, "report.csv", render(t, "csv", sampleResult(), Options{}))
}

// Every value a submitter wrote comes out as text a spreadsheet will not evaluate, and the
// file reads back as one header and one row per violation.
func TestCSVNeutralisesFormulas(t *testing.T) {
	out := render(t, "csv", sampleResult(), Options{})
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	records, err := csv.NewReader(bytes.NewReader(out[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := len(sampleResult().Violations) + 1; len(records) != want {
		t.Fatalf("%d records, want %d", len(records), want)
	}
	values := map[string]bool{}
	for _, rec := range records[1:] {
		values[rec[7]] = true
		for _, cell := range rec {
			if cell != "" && bytes.ContainsRune([]byte("=+-@\t\r"), rune(cell[0])) {
				t.Errorf("cell %q would be read as a formula", cell)
			}
		}
	}
	for _, want := range []string{"'" + hyperlinkFormula, "'" + cmdFormula, scriptTag} {
		if !values[want] {
			t.Errorf("value column lacks %q", want)
		}
	}
}

func TestInertCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\t=1": "'\t=1", "\r=1": "'\r=1",
		"": "", "甘肃省": "甘肃省", "a=b": "a=b", "'quoted": "'quoted",
	} {
		if got := inertCell(in); got != want {
			t.Errorf("inertCell(%q) = %q, want %q", in, got, want)
		}
	}
}
