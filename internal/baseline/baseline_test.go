package baseline

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/qianshou/qianshou/internal/result"
)

func TestNewAndFixed(t *testing.T) {
	p := filepath.Join(t.TempDir(), "old.json")
	old := `{"format_version":1,"violations":[{"rule":"a","fingerprint":"f1"},{"rule":"b","fingerprint":"f2"}]}`
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	vs := []result.Violation{{Rule: "a", Fingerprint: "f1"}, {Rule: "c", Fingerprint: "f3"}}
	fixed := b.Apply(vs)
	if *vs[0].New || !*vs[1].New {
		t.Errorf("new flags wrong: %v %v", *vs[0].New, *vs[1].New)
	}
	if !reflect.DeepEqual(fixed, []string{"f2"}) {
		t.Errorf("fixed = %v, want [f2]", fixed)
	}
}

func TestRejectsOtherJSON(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.json")
	_ = os.WriteFile(p, []byte(`{"hello":1}`), 0o644)
	if _, err := Load(p); err == nil {
		t.Fatal("a JSON file that is not a report was accepted")
	}
}
