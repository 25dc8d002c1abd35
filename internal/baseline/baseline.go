// Package baseline compares a run with an earlier JSON report (`check --baseline FILE`): violations
// whose fingerprint the earlier report holds are not new, and the earlier ones no longer found are
// listed as fixed. Fingerprints survive row insertions (rule + file name + sheet + record keys).
package baseline

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/qianshou/qianshou/internal/result"
)

// Baseline is the set of fingerprints of an earlier report.
type Baseline map[string]bool

// Load reads an earlier JSON report.
func Load(path string) (Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("读取基线报告 %s 失败 (cannot read baseline): %w", path, err)
	}
	var r struct {
		FormatVersion int                `json:"format_version"`
		Violations    []result.Violation `json:"violations"`
	}
	if err := json.Unmarshal(data, &r); err != nil || r.FormatVersion == 0 {
		return nil, fmt.Errorf("%s 不是 qianshou 的 JSON 报告，请用 -f json=FILE 生成基线 (not a qianshou JSON report: create one with -f json=FILE)", path)
	}
	b := Baseline{}
	for _, v := range r.Violations {
		if v.Fingerprint != "" {
			b[v.Fingerprint] = true
		}
	}
	return b, nil
}

// Apply marks each violation new or not and returns the fixed fingerprints, sorted.
func (b Baseline) Apply(vs []result.Violation) (fixed []string) {
	seen := map[string]bool{}
	for i := range vs {
		isNew := !b[vs[i].Fingerprint]
		vs[i].New = &isNew
		seen[vs[i].Fingerprint] = true
	}
	for fp := range b {
		if !seen[fp] {
			fixed = append(fixed, fp)
		}
	}
	sort.Strings(fixed)
	return fixed
}
