package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrepareDirRefusesAFolderItCannotWrite(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; run as an ordinary user to test this")
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ dir, want string }{
		{ro, "无法在目录"},
		{filepath.Join(ro, "sub"), "无法创建目录"},
	}
	for _, tt := range tests {
		err := prepareDir(tt.dir, filepath.Join(tt.dir, "r.json"))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.dir) {
			t.Errorf("prepareDir(%s) = %v, want an error naming it and saying %q", tt.dir, err, tt.want)
		}
	}
}

func TestBinaryReportNeverToATerminal(t *testing.T) {
	tests := []struct {
		name     string
		targets  []target
		terminal bool
		refused  bool
	}{
		{"xlsx to a terminal", []target{{"xlsx", ""}}, true, true},
		{"xlsx piped", []target{{"xlsx", ""}}, false, false},
		{"xlsx to a file", []target{{"table", ""}, {"xlsx", "r.xlsx"}}, true, false},
		{"text to a terminal", []target{{"json", ""}}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := refuseBinaryOnTerminal(tt.targets, tt.terminal)
			if (err != nil) != tt.refused {
				t.Errorf("err = %v, want refused %v", err, tt.refused)
			}
			if err != nil && !strings.Contains(err.Error(), "-f xlsx=") {
				t.Errorf("err = %v, want it to show -f xlsx=FILE", err)
			}
		})
	}
}
