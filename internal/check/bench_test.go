package check

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/report"
	"github.com/qianshou/qianshou/internal/workbook/wbgen"
	"github.com/qianshou/qianshou/rules"
)

// benchDir is a per-machine cache of generated workbooks: making 100,000 rows takes a second or two,
// and the benchmarks should measure checking them, not making them.
var (
	benchMu    sync.Mutex
	benchPaths = map[string]bool{}
)

// cached makes name in the temp directory with write unless it is there already.
func cached(b *testing.B, name string, write func(path string) error) string {
	benchMu.Lock()
	defer benchMu.Unlock()
	path := filepath.Join(os.TempDir(), "qianshou-bench-v2", name)
	if benchPaths[path] {
		return path
	}
	if _, err := os.Stat(path); err != nil {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		tmp := path + ".tmp"
		if err := write(tmp); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	benchPaths[path] = true
	return path
}

// province is a cached 甘肃省 workbook of about rows rows (both sides: every sheet), with its
// allocation table.
func province(b *testing.B, rows int) (file, alloc string) {
	n := strconv.Itoa(rows)
	file = cached(b, "甘肃省-"+n+".xlsx", func(p string) error { return wbgen.WriteProvince(p, "甘肃省", rows) })
	alloc = cached(b, "任务分配表-甘肃省-"+n+".xlsx", func(p string) error {
		return wbgen.WriteAllocation(p, []string{"甘肃省"}, rows)
	})
	return file, alloc
}

// national is a cached batch of the 31 mainland provinces' workbooks of about rows rows each.
func national(b *testing.B, rows int) (files []string, alloc string) {
	n := strconv.Itoa(rows)
	for _, p := range wbgen.National() {
		files = append(files, cached(b, "national-"+n+"/"+p+".xlsx", func(path string) error {
			return wbgen.WriteProvince(path, p, rows)
		}))
	}
	alloc = cached(b, "national-"+n+"-任务分配表.xlsx", func(p string) error {
		return wbgen.WriteAllocation(p, wbgen.National(), rows)
	})
	return files, alloc
}

// runCheck is what `qianshou check -f json` does after parsing flags: read, all rules, JSON report.
// It returns the rows read.
func runCheck(b *testing.B, files []string, alloc string, jobs int) int {
	rs, err := rules.Default()
	if err != nil {
		b.Fatal(err)
	}
	res, _ := Run(Config{Inputs: files, Allocation: alloc, Rules: func() (*rules.RuleSet, error) { return rs, nil }, Jobs: jobs,
		Options: rules.Options{AsOf: time.Date(2022, 1, 20, 0, 0, 0, 0, time.UTC), Scope: "provinces", Lang: "zh", MaskPII: true}})
	for _, in := range res.Inputs {
		if in.Error != "" {
			b.Fatalf("%s: %s", in.File, in.Error)
		}
	}
	w, _ := report.Get("json")
	if err := w(io.Discard, res, report.Options{Lang: "zh"}); err != nil {
		b.Fatal(err)
	}
	return res.Summary.Rows
}

// BenchmarkCheckProvince is a full check of one province workbook (read, every rule, JSON report)
// at 1k, 10k and 100k rows: rows/s should not fall as the file grows.
func BenchmarkCheckProvince(b *testing.B) {
	for _, rows := range []int{1_000, 10_000, 100_000} {
		b.Run(strconv.Itoa(rows), func(b *testing.B) {
			file, alloc := province(b, rows)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n += runCheck(b, []string{file}, alloc, 1)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkCheckNational is the national batch: 31 workbooks × 3,000 rows, read on 1 and 2 jobs.
func BenchmarkCheckNational(b *testing.B) {
	files, alloc := national(b, 3_000)
	for _, jobs := range []int{1, 2} {
		b.Run("jobs="+strconv.Itoa(jobs), func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n += runCheck(b, files, alloc, jobs)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
