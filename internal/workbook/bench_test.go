package workbook

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/workbook/wbgen"
)

const benchRows = 100_000

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchFile is a 100,000-row 结对关系 workbook with shared strings, made once per machine and
// cached in the temp directory.
func benchFile(b *testing.B) string {
	benchOnce.Do(func() {
		benchPath = filepath.Join(os.TempDir(), "qianshou-bench-pairings-100k-v1.xlsx")
		if _, err := os.Stat(benchPath); err == nil {
			return
		}
		tmp := benchPath + ".tmp"
		if benchErr = wbgen.WriteFile(tmp, benchRows); benchErr == nil {
			benchErr = os.Rename(tmp, benchPath)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

// BenchmarkRead is the full read: typing, locating and checking every cell.
func BenchmarkRead(b *testing.B) {
	path := benchFile(b)
	b.ReportAllocs()
	for b.Loop() {
		wb := Read(path, "province", Options{})
		if wb.Unreadable || wb.Rows() != benchRows {
			b.Fatalf("read %d rows, problems %v", wb.Rows(), wb.Problems[:min(3, len(wb.Problems))])
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExcelizeRowsRaw is the floor: excelize's streaming Rows() with raw values and nothing
// done with them. BenchmarkRead / this is the reader's overhead (issue #7: within ~1.1×).
func BenchmarkExcelizeRowsRaw(b *testing.B) {
	path := benchFile(b)
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows(wbgen.Sheet().Name)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if rows.Error() != nil || n != benchRows+1 {
			b.Fatalf("rows %d, err %v", n, rows.Error())
		}
		rows.Close()
		f.Close()
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
