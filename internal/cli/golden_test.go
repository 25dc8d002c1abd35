package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden reports of the sample batch in testdata/golden")

// TestSampleBatchGolden runs the README's first command in every report format and compares each
// report with its golden file (the xlsx cell by cell). Review the diff after -update: it is what a
// user will see change.
func TestSampleBatchGolden(t *testing.T) {
	t.Chdir("../..")
	out := t.TempDir()
	for _, lang := range []string{"zh", "en"} {
		args := []string{"check", "-a", "testdata/sample/任务分配表.xlsx", "testdata/sample/provinces",
			"--as-of", "2022-01-20", "--lang", lang, "-f", "table"}
		formats := map[string]string{"json": "json", "csv": "csv", "markdown": "md", "html": "html", "junit": "xml", "github": "txt", "xlsx": "xlsx"}
		for format, ext := range formats {
			args = append(args, "-f", fmt.Sprintf("%s=%s/%s.%s", format, out, format, ext))
		}
		var stdout, stderr bytes.Buffer
		if code := Main(args, nil, &stdout, &stderr); code != ExitViolations {
			t.Fatalf("%s: exit %d, want 1 (the sample has planted violations); stderr: %s", lang, code, stderr.String())
		}
		golden(t, "sample."+lang+".table.txt", stdout.Bytes())
		for format, ext := range formats {
			data, err := os.ReadFile(filepath.Join(out, format+"."+ext))
			if err != nil {
				t.Fatal(err)
			}
			if format == "xlsx" {
				data = dumpCells(t, filepath.Join(out, format+"."+ext))
				ext = "txt"
			}
			golden(t, "sample."+lang+"."+format+"."+ext, data)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended run go test ./internal/cli -run Golden -update and review the diff\n%s",
			name, firstDifference(string(want), string(got)))
	}
}

func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n want %q\n got  %q", i+1, a, b)
		}
	}
	return ""
}

// dumpCells writes every sheet's cells as text, so the xlsx golden compares values, not zip bytes.
func dumpCells(t *testing.T, path string) []byte {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sheet)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				fmt.Fprintf(&b, "%s\t%q\n", cell, v)
			}
		}
	}
	return b.Bytes()
}
