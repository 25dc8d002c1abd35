package workbook

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

const corpusDir = "../../../shared/corpus/files"

// TestCorpus reads every real-world file of the robustness corpus as both kinds of workbook: each
// must read, or come back with exactly one file-level problem that says why — no panic, no hang.
func TestCorpus(t *testing.T) {
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("corpus not available at %s (%v): skipping the real-world files", corpusDir, err)
	}
	for _, e := range entries {
		path := filepath.Join(corpusDir, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			for _, kind := range []string{"province", "allocation"} {
				start := time.Now()
				wb := Read(path, kind, Options{})
				if d := time.Since(start); d > 20*time.Second {
					t.Errorf("%s: reading took %v", kind, d)
				}
				if wb.Unreadable {
					if len(wb.Problems) != 1 || wb.Problems[0].Code != "file-unreadable" || wb.Problems[0].Detail["reason"] == "" {
						t.Errorf("%s: unreadable with problems %+v, want exactly one file-unreadable with a reason", kind, wb.Problems)
					}
					t.Logf("%s: unreadable: %s", kind, wb.Problems[0].Detail["reason_en"])
					continue
				}
				for _, p := range wb.Problems {
					if p.Code == "file-unreadable" {
						t.Errorf("%s: file-unreadable on a readable workbook: %+v", kind, p)
					}
				}
				t.Logf("%s: %d sheets, %d rows, %d problems (%v)", kind, len(wb.Sheets), wb.Rows(), len(wb.Problems), time.Since(start))
			}
		})
	}
}
