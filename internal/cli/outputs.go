package cli

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/qianshou/qianshou/internal/annotate"
)

// planOutputs decides, before the run, every file a check run will write — so that a bad output
// path costs the user no wait and an input is never replaced. It checks every report path and
// annotated copy against the files the run reads (the inputs, the allocation table, rules, waivers,
// county list) and against each other, makes the folders they go into, and checks those folders
// can be written. It returns where each annotatable input's copy goes (empty without --annotate).
// The baseline may be replaced: a report written over the previous round's keeps it up to date.
func planOutputs(targets []target, annotateDir string, inputs, readOnly []string) (map[string]string, error) {
	protected := append(append([]string{}, inputs...), readOnly...)
	written := map[string]string{} // absolute path → the flag that writes it
	claim := func(path, flag string) error {
		if in := sameAsAny(path, protected); in != "" {
			return usageErr("%s 的输出 %s 会覆盖输入文件 %s：请换一个输出路径 (the output of %s, %s, would replace the input %s: choose another path)",
				flag, path, in, flag, path, in)
		}
		abs, _ := filepath.Abs(path)
		if other, ok := written[abs]; ok {
			return usageErr("%s 和 %s 都要写到 %s：请各用一个文件 (%s and %s would both write %s: give each its own file)",
				other, flag, path, other, flag, path)
		}
		written[abs] = flag
		return nil
	}
	for _, t := range targets {
		if t.path == "" {
			continue
		}
		if err := claim(t.path, "-f "+t.format); err != nil {
			return nil, err
		}
		if err := prepareReport(t); err != nil {
			return nil, err
		}
	}
	if annotateDir == "" {
		return nil, nil
	}
	var srcs []string
	for _, in := range inputs {
		if annotate.Annotatable(in) {
			srcs = append(srcs, in)
		}
	}
	copies := annotate.Destinations(annotateDir, srcs)
	for _, src := range srcs {
		dst := copies[src]
		if in := sameAsAny(dst, protected); in != "" {
			return nil, usageErr("--annotate %s：标注副本 %s 会覆盖输入文件 %s，请换一个目录，例如 --annotate 标注 "+
				"(--annotate %s: the annotated copy %s would replace the input %s; choose another directory)",
				annotateDir, dst, in, annotateDir, dst, in)
		}
		if err := claim(dst, "--annotate"); err != nil {
			return nil, err
		}
	}
	return copies, prepareDir(annotateDir, annotateDir)
}

// sameAsAny returns the path among files that names the same file as path ("" when none).
func sameAsAny(path string, files []string) string {
	out, err := os.Stat(path)
	if err != nil {
		return "" // a file that does not exist yet is no input
	}
	for _, f := range files {
		if in, err := os.Stat(f); err == nil && os.SameFile(in, out) {
			return f
		}
	}
	return ""
}

// prepareReport checks a report path before the run: a file, in a folder that exists (it is made
// when missing) and can be written.
func prepareReport(t target) error {
	return prepareOutput(t.path, "-f "+t.format+"="+filepath.Join(t.path, "report"+reportExt[t.format]))
}

// prepareOutput checks that path names a file that can be written, making its folder when missing;
// example is the same flag with a file name, for the message when path is a directory.
func prepareOutput(path, example string) error {
	if writesThrough(path) {
		return nil
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return usageErr("输出路径 %s 是一个目录：请写出文件名，例如 %s (the output path %s is a directory: name a file, e.g. %s)",
			path, example, path, example)
	}
	return prepareDir(filepath.Dir(path), path)
}

// reportExt is the usual file extension of each format, for examples in messages.
var reportExt = map[string]string{
	"table": ".txt", "json": ".json", "csv": ".csv", "markdown": ".md", "html": ".html",
	"xlsx": ".xlsx", "junit": ".xml", "github": ".txt",
}

// prepareDir makes dir, the folder of path, and checks that a file can be created in it.
func prepareDir(dir, path string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if errors.Is(err, syscall.ENOTDIR) {
			file := existingAncestor(dir)
			return usageErr("无法写入 %s：%s 是一个文件而不是目录，请换一个输出路径 (cannot write %s: %s is a file, not a directory)",
				path, file, path, file)
		}
		return usageErr("无法创建目录 %s，请换一个输出路径或检查权限 (cannot create the directory %s): %v", dir, dir, errors.Unwrap(err))
	}
	probe, err := os.CreateTemp(dir, ".qianshou-*.tmp")
	if err != nil {
		return usageErr("无法在目录 %s 中写入文件，请换一个输出路径或检查权限 (cannot write in %s): %v", dir, dir, errors.Unwrap(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// existingAncestor is the nearest of path and its parents that exists.
func existingAncestor(path string) string {
	for {
		if _, err := os.Stat(path); err == nil || filepath.Dir(path) == path {
			return path
		}
		path = filepath.Dir(path)
	}
}

// withoutOwnOutputs drops, from the files a directory expanded to, what this command itself writes
// there — the annotated copies in an --annotate folder inside the checked folder, and a summary
// workbook qianshou wrote earlier to a report path — so that running the same command again checks
// the same workbooks, not also the copies and the summary the first run left. A file named on the
// command line is always an input, and so is any other file at a report path (the plan then
// refuses to replace it).
func withoutOwnOutputs(inputs, args []string, annotateDir string, targets []target) []string {
	named := map[string]bool{}
	for _, a := range args {
		named[absPath(a)] = true
	}
	reports := map[string]bool{}
	for _, t := range targets {
		if t.path != "" {
			reports[absPath(t.path)] = true
		}
	}
	copies := ""
	if annotateDir != "" {
		copies = absPath(annotateDir) + string(filepath.Separator)
		for a := range named {
			if strings.HasPrefix(a+string(filepath.Separator), copies) {
				copies = "" // the folder checked is (inside) the copies' folder: its files are inputs
				break
			}
		}
	}
	var out []string
	for _, in := range inputs {
		abs := absPath(in)
		own := copies != "" && strings.HasPrefix(abs, copies) || reports[abs] && writtenByQianshou(in)
		if own && !named[abs] {
			continue
		}
		out = append(out, in)
	}
	return out
}

// writtenByQianshou reports whether the file is a summary workbook qianshou wrote (its document
// properties name qianshou as the author).
func writtenByQianshou(path string) bool {
	z, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != "docProps/core.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return false
		}
		defer r.Close()
		head, _ := io.ReadAll(io.LimitReader(r, 64<<10))
		return bytes.Contains(head, []byte("<dc:creator>qianshou</dc:creator>"))
	}
	return false
}

func absPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	return abs
}

// refuseBinaryOnTerminal refuses to print the xlsx report, a zip file, on a terminal, where it would
// only garble the screen; piped or redirected, it is written as asked.
func refuseBinaryOnTerminal(targets []target, terminal bool) error {
	for _, t := range targets {
		if t.format == "xlsx" && t.path == "" && terminal {
			return usageErr("xlsx 报告是 Excel 文件，不能显示在终端上：请写入文件，例如 -f xlsx=汇总.xlsx (the xlsx report is a file: write it with -f xlsx=FILE)")
		}
	}
	return nil
}
