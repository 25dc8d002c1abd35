package cli

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal (progress and colour are only for people).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// barProgress shows files read, rows and elapsed time on stderr.
type barProgress struct {
	mu   sync.Mutex
	w    io.Writer
	bar  *progressbar.ProgressBar
	rows int
}

func newProgress(w io.Writer) *barProgress { return &barProgress{w: w} }

func (p *barProgress) Start(files int) {
	p.bar = progressbar.NewOptions(files,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("读取 reading"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(24),
	)
}

func (p *barProgress) FileDone(path string, rows int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rows += rows
	p.bar.Describe(filepath.Base(path) + " · " + strconv.Itoa(p.rows) + " 行 rows")
	_ = p.bar.Add(1)
}

func (p *barProgress) Finish() { _ = p.bar.Finish() }
