// Package atomicfile writes a file so that nobody ever sees half of it: into a temporary file
// beside the destination, then renamed into place. Reports, annotated copies and templates use it.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes path through write. verify, when set, is given the finished temporary file before it
// replaces path (annotate re-reads its copy); an error from it leaves path untouched. perm is the
// new file's mode (os.CreateTemp would leave it 0600).
func Write(path string, perm os.FileMode, write func(io.Writer) error, verify func(tmp string) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if verify != nil {
		if err := verify(tmp.Name()); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
