package report

import (
	"encoding/json"
	"io"

	"github.com/qianshou/qianshou/internal/result"
)

func init() { Register("json", writeJSON) }

// jsonFormatVersion is the version of the JSON report's shape, published as
// schema/report.schema.json; it changes only when that shape changes incompatibly.
const jsonFormatVersion = 1

// writeJSON writes the Result as cli.md's JSON report: two-space indent, a trailing newline,
// and no null anywhere — absent values are omitted, empty lists that must exist are [].
func writeJSON(w io.Writer, r *result.Result, _ Options) error {
	out := *r
	out.FormatVersion = jsonFormatVersion
	out.Inputs = nonNil(r.Inputs)
	out.RuleStatus = nonNil(r.RuleStatus)
	out.Violations = make([]result.Violation, len(r.Violations))
	for i, v := range r.Violations {
		v.Context = withoutNulls(v.Context)
		out.Violations[i] = v
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}

// nonNil turns a nil slice into an empty one, which JSON writes as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// withoutNulls drops context entries with no value (nil if none remain, so the key is omitted).
func withoutNulls(ctx map[string]any) map[string]any {
	var out map[string]any
	for k, v := range ctx {
		if v == nil {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(ctx))
		}
		out[k] = v
	}
	return out
}
