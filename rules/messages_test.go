package rules

import (
	"strings"
	"testing"
)

// Evidence rows read as English says them: one row is "row 3", several are "rows 2, 3".
func TestEvidenceRowsEnglish(t *testing.T) {
	o := opts()
	o.Lang = "en"
	tests := []struct {
		name string
		b    *tbook
		rule string
		want string
	}{
		{"one row", wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).worker(m{"days": 10}).
			worker(m{"name": "王示例", "id_number": id2}).fund(m{}), "worker-min-days", "10 working days (row 2),"},
		{"two rows", wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).worker(m{"days": 10}).worker(m{"days": 5}).
			worker(m{"name": "王示例", "id_number": id2}).fund(m{}), "worker-min-days", "15 working days (rows 2, 3),"},
		{"one row of another sheet", wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).worker(m{}).
			worker(m{"name": "王示例", "id_number": id2, "cert_level": "无"}).fund(m{}), "dispatch-min-workers", "(援派人员 row 2)"},
	}
	for _, tc := range tests {
		vs := of(defaultSet(t).Check(books(tc.b), nil, o), tc.rule)
		if len(vs) != 1 || !strings.Contains(vs[0].Message, tc.want) {
			t.Errorf("%s: %s = %+v, want one saying %q", tc.name, tc.rule, vs, tc.want)
		}
	}
}
