package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// A report written to a pipe or device (-o /dev/stdout, -f json=>(jq …), /dev/null) is written
// into it: renaming a temporary file over it would replace the device node itself.
func TestReportIntoAPipeIsWrittenThrough(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	tg := target{"json", fifo}
	if err := prepareReport(tg); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(fifo, func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if string(b) != "{}\n" {
			t.Errorf("the pipe's reader got %q", b)
		}
	case <-time.After(5 * time.Second):
		t.Error("nothing was written into the pipe")
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close() // release the reader
		}
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", info.Mode(), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(fifo)); len(entries) != 1 {
		t.Errorf("files left beside the pipe: %d entries", len(entries))
	}
}
