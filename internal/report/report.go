// Package report turns a result.Result into the formats people and machines read. Every format is
// one file that registers a Writer; adding a format touches one file.
package report

import (
	"io"
	"sort"

	"github.com/qianshou/qianshou/internal/result"
)

// Options tune a writer. Masking of personal data is already applied to the Result by the engine.
type Options struct {
	Lang  string // "zh" (default) or "en": the language of the report's own labels
	Color bool   // terminal colours (table only); the caller decides (TTY and NO_COLOR)
}

// Writer writes one format.
type Writer func(w io.Writer, r *result.Result, opt Options) error

var writers = map[string]Writer{}

// Register adds a format; called from init in each format's file.
func Register(name string, w Writer) { writers[name] = w }

// Get returns the writer of a format.
func Get(name string) (Writer, bool) {
	w, ok := writers[name]
	return w, ok
}

// Names lists the registered formats, sorted.
func Names() []string {
	out := make([]string, 0, len(writers))
	for n := range writers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
