package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesOnlyWhenComplete(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("disk full")
	if err := Write(path, 0o644, func(w io.Writer) error { _, _ = io.WriteString(w, "half"); return failed }, nil); !errors.Is(err, failed) {
		t.Fatalf("err = %v", err)
	}
	if err := Write(path, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
		func(string) error { return failed }); !errors.Is(err, failed) {
		t.Fatalf("verify error lost: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Fatalf("a failed write replaced the file: %q", b)
	}
	if err := Write(path, 0o640, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new" || st.Mode().Perm() != 0o640 {
		t.Fatalf("got %q mode %v", b, st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}
