// Package check runs one `qianshou check`: it expands the input paths, reads the workbooks in
// parallel (merging in a fixed order, so output never depends on timing), runs the rule set once over
// the whole batch, then applies waivers and the baseline and counts the result.
package check

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/qianshou/qianshou"
	"github.com/qianshou/qianshou/internal/baseline"
	"github.com/qianshou/qianshou/internal/result"
	"github.com/qianshou/qianshou/internal/waivers"
	"github.com/qianshou/qianshou/internal/workbook"
	"github.com/qianshou/qianshou/rules"
)

// Config is everything a run needs; the CLI fills it from flags.
type Config struct {
	Inputs     []string // files, expanded already (see Expand)
	Allocation string   // the task-allocation workbook, or ""
	// Rules loads and compiles the rule set. Run calls it while the workbooks are being read: on a
	// small workbook compiling the rules costs as much as reading it, and the two use different cores.
	Rules    func() (*rules.RuleSet, error)
	Options  rules.Options
	Jobs     int
	Password string
	Waivers  []waivers.Waiver
	Baseline baseline.Baseline // nil: no baseline
	FailOn   result.Severity   // "" = never fail
	// Progress is told when a file starts and ends (may be nil).
	Progress Progress
}

// Progress receives reading progress; implementations must be safe for concurrent use.
type Progress interface {
	Start(files int)
	FileDone(path string, rows int)
	Finish()
}

// Run checks the batch. The error is the rule set's: a batch whose files cannot be read is still
// checked (each such file is a file-unreadable violation).
func Run(cfg Config) (*result.Result, error) {
	jobs := cfg.Jobs
	if jobs < 1 {
		jobs = 1
	}
	paths := cfg.Inputs
	total := len(paths)
	if cfg.Allocation != "" {
		total++
	}
	if cfg.Progress != nil {
		cfg.Progress.Start(total)
		defer cfg.Progress.Finish()
	}
	books := make([]*workbook.Workbook, len(paths))
	var alloc *workbook.Workbook
	var wg sync.WaitGroup
	sem := make(chan struct{}, jobs)
	read := func(dst **workbook.Workbook, path, kind string) {
		defer wg.Done()
		sem <- struct{}{}
		defer func() { <-sem }()
		wb := workbook.Read(path, kind, workbook.Options{Password: cfg.Password})
		*dst = wb
		if cfg.Progress != nil {
			cfg.Progress.FileDone(path, wb.Rows())
		}
	}
	if cfg.Allocation != "" {
		wg.Add(1)
		go read(&alloc, cfg.Allocation, "allocation")
	}
	for i, p := range paths {
		wg.Add(1)
		go read(&books[i], p, "province")
	}
	rs, err := cfg.Rules()
	wg.Wait()
	if err != nil {
		return nil, err
	}

	rows := 0
	for _, b := range books {
		rows += b.Rows()
	}
	// GOGC is the process's: Run is not called concurrently (the CLI runs one check), or the
	// restores could interleave.
	if percent, ok := checkGCPercent(rows, os.Getenv("GOGC")); ok {
		defer debug.SetGCPercent(debug.SetGCPercent(percent))
	}
	out := rs.Check(books, alloc, cfg.Options)
	res := &result.Result{
		FormatVersion: 1,
		Tool:          "qianshou",
		Version:       qianshou.Version,
		Rules:         result.RulesInfo{Name: rs.Name(), SHA256: rs.SHA256()},
		AsOf:          cfg.Options.AsOf.Format("2006-01-02"),
		Lang:          cfg.Options.Lang,
		RuleStatus:    out.Status,
		Coverage:      out.Coverage,
		Violations:    out.Violations,
	}
	if res.Violations == nil {
		res.Violations = []result.Violation{}
	}
	all := books
	if alloc != nil {
		all = append([]*workbook.Workbook{alloc}, books...)
	}
	for _, wb := range all {
		in := result.Input{File: wb.Path, Kind: wb.Kind, SHA256: wb.SHA256, Sheets: sheetRows(wb)}
		if f, ok := out.Files[wb.Path]; ok {
			in.Province, in.Side = f.Province, f.Side
		}
		if wb.Unreadable {
			in.Error = unreadableReason(wb, cfg.Options.Lang)
		}
		res.Inputs = append(res.Inputs, in)
		res.Summary.Rows += wb.Rows()
	}
	res.Summary.Files = len(all)
	res.ExpiredWaivers = waivers.Apply(res.Violations, cfg.Waivers, cfg.Options.AsOf)
	if cfg.Baseline != nil {
		res.Fixed = cfg.Baseline.Apply(res.Violations)
	}
	count(res, cfg.FailOn, cfg.Baseline != nil)
	return res, nil
}

// bigBatchRows is where a batch stops being a province workbook or a national batch (≈ 100k rows)
// and becomes a consolidated archive, whose check holds hundreds of MB.
const bigBatchRows = 250_000

// checkGCPercent is the GOGC the rule engine runs a batch with: 25 for a big batch, which keeps
// its peak memory a third lower than Go's default; the rules run on one goroutine, so the
// collector works on another core and the time measured did not change (README, Decisions).
// Go's default for the others, where more frequent collections would cost start-up time (at 1k
// rows, 10%). A GOGC set in the environment is left alone.
func checkGCPercent(rows int, env string) (percent int, change bool) {
	return 25, env == "" && rows >= bigBatchRows
}

// count fills the summary and the rules' waived counts. With a baseline only new violations fail the
// run: a resubmission is judged on what it adds.
func count(res *result.Result, failOn result.Severity, withBaseline bool) {
	waivedByRule := map[string]int{}
	failed := false
	newCount := 0
	for _, v := range res.Violations {
		if v.Waived != nil {
			res.Summary.Waived++
			waivedByRule[v.Rule]++
			continue
		}
		switch v.Severity {
		case result.Error:
			res.Summary.Errors++
		case result.Warning:
			res.Summary.Warnings++
		case result.Info:
			res.Summary.Infos++
		}
		isNew := v.New == nil || *v.New
		if isNew && v.New != nil {
			newCount++
		}
		if failOn != "" && isNew && v.Severity.Rank() >= failOn.Rank() {
			failed = true
		}
	}
	for i := range res.RuleStatus {
		res.RuleStatus[i].Waived = waivedByRule[res.RuleStatus[i].Rule]
	}
	if withBaseline {
		fixed := len(res.Fixed)
		res.Summary.New, res.Summary.Fixed = &newCount, &fixed
	}
	res.Summary.Passed = !failed
}

func unreadableReason(wb *workbook.Workbook, lang string) string {
	for _, p := range wb.Problems {
		if p.Code == "file-unreadable" {
			if lang == "en" && p.Detail["reason_en"] != "" {
				return p.Detail["reason_en"]
			}
			return p.Detail["reason"]
		}
	}
	return "unreadable"
}

// Extensions that a directory expands to. The unreadable formats are included on purpose: an officer
// who put an .xls there expects it checked, and gets told how to convert it. cli.md lists .xls, .et
// and .ods; .xlsb and .numbers are spreadsheets too, and skipping them would be silent.
var inputExts = map[string]bool{".xlsx": true, ".xlsm": true, ".csv": true, ".xls": true, ".et": true, ".ods": true,
	".xlsb": true, ".numbers": true}

// Expand turns the command line's files and directories into the sorted list of files to check.
// A directory contributes its workbooks recursively, skipping Excel lock files (~$)
// and hidden files; a named file is always checked, whatever its extension. A path that does not
// exist is an error. The list is sorted by path: that is the run's order.
func Expand(args []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		// One file however it is spelled (./a.xlsx, a.xlsx, /abs/a.xlsx): checked twice, a workbook
		// would conflict with itself.
		key, err := filepath.Abs(p)
		if err != nil {
			key = filepath.Clean(p)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("找不到输入 %s，请检查路径 (input not found): %w", arg, err)
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != arg && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || strings.HasPrefix(name, "~$") {
				return nil
			}
			if inputExts[strings.ToLower(filepath.Ext(name))] {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("读取目录 %s 失败 (cannot read directory): %w", arg, err)
		}
		for _, p := range found {
			add(p)
		}
	}
	// The run's order is by path (rules.md "Order and absence"): first and later follow it.
	sort.Strings(out)
	return out, nil
}

// sheetRows is the rows read per sheet, for the report. A CSV has no sheet (the reader keys it ""):
// it is named by the table it was read as, which tells the user how the file was understood.
func sheetRows(wb *workbook.Workbook) map[string]int {
	n, ok := wb.SheetRows[""]
	if !ok {
		return wb.SheetRows
	}
	out := maps.Clone(wb.SheetRows)
	delete(out, "")
	for _, t := range wb.Tables {
		out[t.Sheet.Name] = n
	}
	return out
}
