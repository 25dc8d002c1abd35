// Package annotate writes a marked-up copy of an input workbook: every faulty cell filled in its
// severity's colour with a comment giving the message(s), and a first sheet listing all violations
// with links to their cells. Officers fix their workbook where they live: in Excel or WPS.
package annotate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/atomicfile"
	"github.com/qianshou/qianshou/internal/result"
)

// Options tune an annotated copy.
type Options struct {
	Lang     string // "zh" (default) or "en": the language of the sheet, headers and labels
	Password string // the password of an encrypted input; the copy is encrypted with it too
}

// ErrNotWorkbook is returned for an input that has no cells to mark (a CSV file).
var ErrNotWorkbook = errors.New("not an Excel workbook")

// notWorkbookError says, in the user's language, why src cannot be annotated; it is ErrNotWorkbook.
type notWorkbookError struct{ src, reason string }

func (e *notWorkbookError) Error() string        { return e.src + ": " + e.reason }
func (e *notWorkbookError) Is(target error) bool { return target == ErrNotWorkbook }

// defaultPassword is the one Excel uses, silently, for a workbook encrypted without a password:
// the reader opens such a file, so annotating must too (the copy is encrypted the same way).
const defaultPassword = "VelvetSweatshop"

// Annotatable reports whether a copy of the file can be marked up: only .xlsx and .xlsm workbooks
// have cell styles and comments.
func Annotatable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return true
	}
	return false
}

// Destinations says where the copy of each source goes in dir: under its own base name, or — when
// two sources share a base name (甘肃/2022/汇总.xlsx and 甘肃/2023/汇总.xlsx) — under its path
// relative to the folder those sources have in common, so that no copy replaces another.
func Destinations(dir string, srcs []string) map[string]string {
	byBase := map[string][]string{}
	for _, src := range srcs {
		base := strings.ToLower(filepath.Base(src)) // Windows and macOS file names ignore case
		byBase[base] = append(byBase[base], src)
	}
	out := make(map[string]string, len(srcs))
	for _, group := range byBase {
		if len(group) == 1 {
			out[group[0]] = filepath.Join(dir, filepath.Base(group[0]))
			continue
		}
		common := commonDir(group)
		for _, src := range group {
			abs, _ := filepath.Abs(src)
			rel, err := filepath.Rel(common, abs)
			if err != nil {
				rel = filepath.Base(src)
			}
			out[src] = filepath.Join(dir, rel)
		}
	}
	return out
}

// commonDir is the deepest folder that holds every path.
func commonDir(paths []string) string {
	var common string
	for i, p := range paths {
		abs, _ := filepath.Abs(p)
		d := filepath.Dir(abs)
		if i == 0 {
			common = d
			continue
		}
		for common != d && !strings.HasPrefix(d, common+string(filepath.Separator)) && common != filepath.Dir(common) {
			common = filepath.Dir(common)
		}
	}
	return common
}

// Write copies src to dst (see Destinations), marks the cells of the violations that belong to src
// (those of other files are ignored, so the caller may pass the whole run), and returns dst. dst's
// folder is created when missing. The input is only read; the copy is written to a temporary file
// beside dst and renamed, so a reader never sees half a workbook, and a dst that is src is refused.
func Write(src, dst string, violations []result.Violation, opt Options) (string, error) {
	t := textsFor(opt.Lang)
	if !Annotatable(src) {
		reason := t.onlyXLSX
		if strings.EqualFold(filepath.Ext(src), ".csv") {
			reason = t.csvNotAnnotatable
		}
		return "", &notWorkbookError{src, reason}
	}
	if same, err := samePath(src, dst); err != nil {
		return "", err
	} else if same {
		return "", fmt.Errorf("%s: %s", src, t.wouldOverwrite)
	}
	if err := write(src, dst, violations, opt, t); err != nil {
		return "", err
	}
	return dst, nil
}

func write(src, dst string, violations []result.Violation, opt Options, t *texts) (err error) {
	f, password, err := openWorkbook(src, opt.Password)
	if err != nil {
		return fmt.Errorf("%s: %s (%w)", src, t.cannotOpen, err)
	}
	defer f.Close()

	// excelize panics on some malformed parts (seen: a styles part without cell formats); a bad
	// workbook must give an error naming it, never bring the run down.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: %s: %v", src, t.malformed, p)
		}
	}()
	own := ofFile(src, violations)
	m := newMarker(f, t)
	for i := range own {
		m.add(&own[i])
	}
	if err := m.apply(); err != nil {
		return fmt.Errorf("%s: %s: %w", src, t.malformed, err)
	}
	if err := writeResultsSheet(f, own, m, t); err != nil {
		return fmt.Errorf("%s: %s: %w", src, t.malformed, err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := saveAtomic(f, src, dst, t, func(tmp string) error { return verifyCopy(src, tmp, password, t) }); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return nil
}

// openWorkbook opens src with the password given, or — for a workbook encrypted without one —
// Excel's default password; it returns the password that opened it. An unencrypted workbook whose
// comments are laid out where excelize cannot add to them (openpyxl's) is opened from a copy in
// memory with them renamed (layOutComments).
func openWorkbook(src, password string) (*excelize.File, string, error) {
	if data, err := os.ReadFile(src); err == nil {
		if laidOut, err := layOutComments(data); err == nil && laidOut != nil {
			f, err := excelize.OpenReader(bytes.NewReader(laidOut), excelize.Options{Password: password})
			return f, password, err
		}
	}
	f, err := excelize.OpenFile(src, excelize.Options{Password: password})
	if err == nil || password != "" {
		return f, password, err
	}
	if g, err2 := excelize.OpenFile(src, excelize.Options{Password: defaultPassword}); err2 == nil {
		return g, defaultPassword, nil
	}
	return nil, "", err
}

// verifyCopy re-reads the written copy and checks that every cell of every original sheet reads
// as in the input. excelize cannot rewrite every workbook faithfully (a Strict Open XML workbook
// comes out unreadable), and a copy that lost data must never replace the officer's view of it.
// Both are read a row at a time and at most maxVerifiedText bytes of cell text are compared: one
// shared string referenced by thousands of cells would otherwise be copied out once per cell.
func verifyCopy(src, copied, password string, t *texts) error {
	opts := excelize.Options{Password: password, RawCellValue: true}
	in, err := excelize.OpenFile(src, opts)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := excelize.OpenFile(copied, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", t.copyUnfaithful, err)
	}
	defer out.Close()
	budget := maxVerifiedText
	for _, sheet := range in.GetSheetList() {
		want, err := in.Rows(sheet)
		if err != nil {
			continue // a chart sheet has no cells
		}
		err = sameRows(want, out, sheet, &budget, t)
		want.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// maxVerifiedText bounds the cell text verifyCopy compares: far above any real province workbook
// (a million rows of 14 columns is about 150 MB), far below what a crafted one can expand to.
const maxVerifiedText = 512 << 20

// sameRows compares a sheet of the input, row by row, with the same sheet of the copy.
func sameRows(want *excelize.Rows, out *excelize.File, sheet string, budget *int, t *texts) error {
	got, err := out.Rows(sheet)
	if err != nil {
		return fmt.Errorf("%s: %s: %w", t.copyUnfaithful, sheet, err)
	}
	defer got.Close()
	for r := 1; ; r++ {
		moreWant, moreGot := want.Next(), got.Next()
		if !moreWant && !moreGot {
			break
		}
		w, err := columns(want, moreWant)
		if err != nil {
			return fmt.Errorf("%s: %s!%s: %w", t.cannotVerify, sheet, cellName(1, r), err)
		}
		g, err := columns(got, moreGot)
		if err != nil {
			return fmt.Errorf("%s: %s!%s: %w", t.copyUnfaithful, sheet, cellName(1, r), err)
		}
		for c := 0; c < max(len(w), len(g)); c++ {
			cw, cg := cellAt(w, c), cellAt(g, c)
			if *budget -= len(cw) + len(cg); *budget < 0 {
				return fmt.Errorf("%s: %s!%s", t.tooMuchText, sheet, cellName(c+1, r))
			}
			if cw != cg {
				return fmt.Errorf("%s: %s!%s", t.copyUnfaithful, sheet, cellName(c+1, r))
			}
		}
	}
	if err := want.Error(); err != nil {
		return fmt.Errorf("%s: %s: %w", t.cannotVerify, sheet, err)
	}
	if err := got.Error(); err != nil {
		return fmt.Errorf("%s: %s: %w", t.copyUnfaithful, sheet, err)
	}
	return nil
}

// columns is the current row's cells, or none once the rows have run out.
func columns(rows *excelize.Rows, more bool) ([]string, error) {
	if !more {
		return nil, nil
	}
	return rows.Columns()
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// ofFile keeps the violations reported against src, in the order given.
func ofFile(src string, vs []result.Violation) []result.Violation {
	want := filepath.Clean(src)
	var out []result.Violation
	for _, v := range vs {
		if v.File != "" && filepath.Clean(v.File) == want {
			out = append(out, v)
		}
	}
	return out
}

// samePath reports whether writing dst would replace src.
func samePath(src, dst string) (bool, error) {
	a, err := os.Stat(src)
	if err != nil {
		return false, err
	}
	b, err := os.Stat(dst)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}

// saveAtomic writes the workbook beside dst, checks it, and renames it into place with src's
// permissions plus owner write.
func saveAtomic(f *excelize.File, src, dst string, t *texts, check func(tmp string) error) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	// The extension tells excelize whether to write a macro-enabled workbook (.xlsm).
	f.Path = dst
	write := func(w io.Writer) error {
		if err := f.Write(w); err != nil {
			return fmt.Errorf("%s: %w", t.malformed, err)
		}
		return nil
	}
	return atomicfile.Write(dst, info.Mode().Perm()|0o200, write, check) // the copy is the officer's to edit
}
