package rules

import (
	"fmt"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/ident"
	"github.com/qianshou/qianshou/internal/workbook"
)

// synthID makes the n-th synthetic ID number (unique for n < 10,000,000), with a valid check digit.
func synthID(n int) string {
	born := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n/1000)
	first17 := fmt.Sprintf("620102%s%03d", born.Format("20060102"), n%1000)
	return first17 + string(ident.IDCheckDigit(first17))
}

// benchBatch is a dispatching province's workbook with workers rows: four workers per org, one
// pairing and one funds row per org.
func benchBatch(b *testing.B, workers int) []*workbook.Workbook {
	bk := wb(b, "bench.xlsx").province("天津市")
	for o := 0; o < workers/4; o++ {
		org := fmt.Sprintf("天津市示例社会工作服务中心%05d", o)
		bk.pairing(m{"dispatch_org": org, "dispatch_org_code": nil, "recipient_org": fmt.Sprintf("会宁县示例社会工作服务中心%05d", o), "recipient_org_code": nil})
		bk.fund(m{"dispatch_org": org})
		for w := 0; w < 4; w++ {
			n := o*4 + w
			bk.worker(m{"dispatch_org": org, "name": fmt.Sprintf("示例%d", n), "id_number": synthID(n), "days": 30 + n%30})
		}
	}
	return books(bk)
}

// BenchmarkCheck runs the full default catalogue over 100,000 worker rows.
func BenchmarkCheck(b *testing.B) {
	rs := defaultSet(b)
	batch := benchBatch(b, 100000)
	rows := 0
	for _, w := range batch {
		rows += w.Rows()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rs.Check(batch, nil, opts())
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkDefaultCompile measures loading and compiling the default rule set: on a small
// workbook it is a large part of a check's start-up.
func BenchmarkDefaultCompile(b *testing.B) {
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
