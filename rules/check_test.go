package rules

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/ident"
	"github.com/qianshou/qianshou/internal/workbook"
)

// A compliant pair of workbooks (both sides of one pairing) breaks no rule but coverage of the
// other 22 key counties of 甘肃.
func TestCompliantBatch(t *testing.T) {
	rs := defaultSet(t)
	o := opts()
	o.AsOf = asOf
	out := rs.Check(books(tianjin(t), gansu(t)), nil, o)
	for _, v := range out.Violations {
		if v.Rule != "county-coverage" && v.Rule != "plan-deadline-near" {
			t.Errorf("unexpected %s at %s!%s: %s", v.Rule, v.File, v.Cell, v.Message)
		}
	}
	if got := len(of(out, "county-coverage")); got != 22 {
		t.Errorf("county-coverage: %d violations, want 22 (甘肃 has 23 key counties, 会宁县 is paired)", got)
	}
	want := map[string]FileFacts{"tianjin.xlsx": {"天津市", "dispatch"}, "gansu.xlsx": {"甘肃省", "recipient"}}
	if !reflect.DeepEqual(out.Files, want) {
		t.Errorf("Files = %v, want %v", out.Files, want)
	}
	if len(out.Coverage) != 1 || out.Coverage[0].Paired != 1 || out.Coverage[0].Counties != 23 {
		t.Errorf("Coverage = %+v, want 甘肃 2022 with 1 of 23 paired", out.Coverage)
	}
}

// A worker failing the certificate gets their own violation, and the org is left one short of two.
func TestCascadeCertificateLeavesOrgShort(t *testing.T) {
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).
		worker(m{}).
		worker(m{"name": "王示例", "id_number": id2, "cert_level": "助理社会工作师"})
	out := defaultSet(t).Check(books(b), nil, opts())
	cert := of(out, "worker-certificate")
	if len(cert) != 1 || cert[0].Cell != "E3" || cert[0].Value != "助理社会工作师" {
		t.Fatalf("worker-certificate = %+v, want one at E3", cert)
	}
	short := of(out, "dispatch-min-workers")
	if len(short) != 1 {
		t.Fatalf("dispatch-min-workers = %+v, want one", short)
	}
	v := short[0]
	if v.Sheet != "结对关系" || v.Row != 2 || v.Context["actual"] != 1 || v.Context["required"] != 2 ||
		!reflect.DeepEqual(v.Rows, []int{2}) || !strings.Contains(v.Message, "合格援派人员 1 人（援派人员第 2 行），须不少于 2 人") {
		t.Errorf("dispatch-min-workers = %+v", v)
	}
}

// A person with an invalid ID still counts as qualifying; the ID is reported once.
func TestInvalidIDStillQualifies(t *testing.T) {
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).
		worker(m{}).worker(m{"name": "王示例", "id_number": "620102199002020028"})
	out := defaultSet(t).Check(books(b), nil, opts())
	if n := len(of(out, "id-number-invalid")); n != 1 {
		t.Errorf("id-number-invalid: %d, want 1", n)
	}
	if n := len(of(out, "dispatch-min-workers")); n != 0 {
		t.Errorf("dispatch-min-workers: %d, want 0", n)
	}
}

// dispatch_days_per: person judges each person's summed days; org judges the org's total.
func TestDispatchDaysPer(t *testing.T) {
	build := func(days1, days2a, days2b int) []*workbook.Workbook {
		return books(wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).
			worker(m{"days": days1}).
			worker(m{"name": "王示例", "id_number": id2, "days": days2a}).
			worker(m{"name": "王示例", "id_number": id2, "days": days2b}))
	}
	tests := []struct {
		per            string
		days           [3]int
		minDays        int   // worker-min-days violations
		minDaysRows    []int // evidence of the first
		qualifiedShort int   // dispatch-min-workers violations
	}{
		{"person", [3]int{25, 10, 15}, 2, []int{2}, 1}, // each under 40 (25; 10+15): nobody qualifies
		{"person", [3]int{40, 20, 20}, 0, nil, 0},      // the second person's rows are summed
		{"org", [3]int{25, 10, 15}, 0, nil, 0},         // the org's total is 50
		{"org", [3]int{15, 10, 10}, 1, []int{2, 3, 4}, 1},
	}
	for _, tc := range tests {
		rs := defaultSet(t)
		if err := rs.Set("dispatch_days_per", tc.per); err != nil {
			t.Fatal(err)
		}
		out := rs.Check(build(tc.days[0], tc.days[1], tc.days[2]), nil, opts())
		got := of(out, "worker-min-days")
		if len(got) != tc.minDays {
			t.Errorf("%s %v: worker-min-days %d, want %d: %+v", tc.per, tc.days, len(got), tc.minDays, got)
		} else if tc.minDays > 0 && !reflect.DeepEqual(got[0].Rows, tc.minDaysRows) {
			t.Errorf("%s %v: rows %v, want %v", tc.per, tc.days, got[0].Rows, tc.minDaysRows)
		}
		if n := len(of(out, "dispatch-min-workers")); n != tc.qualifiedShort {
			t.Errorf("%s %v: dispatch-min-workers %d, want %d", tc.per, tc.days, n, tc.qualifiedShort)
		}
	}
}

// Both provinces report the same pairing: it counts once; a disagreement is one report-conflict
// at the recipient side's row, with the other file named, and no one-to-one.
func TestNationalBatchBothSides(t *testing.T) {
	alloc := wb(t, "分配表.xlsx")
	alloc.Kind = "allocation"
	alloc.row("allocation", m{})

	t.Run("agree", func(t *testing.T) {
		out := defaultSet(t).Check(books(tianjin(t), gansu(t)), alloc.Workbook, opts())
		for _, rule := range []string{"one-to-one", "report-conflict", "allocation-extra", "allocation-unfulfilled",
			"dispatch-min-workers", "recipient-min-trainees", "funding-missing", "missing-sheet", "person-org-unknown"} {
			if vs := of(out, rule); len(vs) > 0 {
				t.Errorf("%s: %+v", rule, vs)
			}
		}
		for _, v := range of(out, "county-coverage") {
			if v.Context["county"] == "会宁县" {
				t.Errorf("会宁县 is paired: %s", v.Message)
			}
		}
	})
	t.Run("disagree", func(t *testing.T) {
		g := wb(t, "gansu.xlsx").province("甘肃省").
			pairing(m{"dispatch_org": "天津市另一社会工作服务中心", "dispatch_org_code": "52120104MJ00000107"}).
			trainee(m{}).trainee(m{"name": "赵示例", "id_number": id6}).trainee(m{"name": "钱示例", "id_number": id3})
		out := defaultSet(t).Check(books(tianjin(t), g), alloc.Workbook, opts())
		conflicts := of(out, "report-conflict")
		if len(conflicts) != 1 {
			t.Fatalf("report-conflict: %+v, want one", conflicts)
		}
		c := conflicts[0]
		if c.File != "gansu.xlsx" || c.Sheet != "结对关系" || c.Row != 2 || c.Context["other_file"] != "tianjin.xlsx" {
			t.Errorf("report-conflict at %s!%s!%d other_file=%v", c.File, c.Sheet, c.Row, c.Context["other_file"])
		}
		for _, rule := range []string{"one-to-one", "dispatch-min-workers", "funding-missing", "allocation-extra"} {
			if vs := of(out, rule); len(vs) > 0 {
				t.Errorf("%s: %+v", rule, vs)
			}
		}
	})
}

// missing-sheet follows the workbook's side.
func TestMissingSheetBySide(t *testing.T) {
	tests := []struct {
		name string
		b    *tbook
		want []string // missing sheets reported
	}{
		{"dispatch without trainees", tianjin(t), nil},
		{"dispatch without funds", wb(t, "a.xlsx").province("天津市").pairing(m{}).worker(m{}), []string{"资金"}},
		{"recipient without workers", gansu(t), nil},
		{"recipient without trainees", wb(t, "a.xlsx").province("甘肃省").pairing(m{}), []string{"受援人员"}},
		{"province from 填报单位 when both are common", func() *tbook {
			b := wb(t, "a.xlsx").pairing(m{})
			b.info("unit", "甘肃省民政厅")
			return b
		}(), []string{"受援人员"}},
		{"province from rows: the dispatching one", wb(t, "a.xlsx").pairing(m{}), []string{"援派人员", "资金"}},
		{"both sides", wb(t, "a.xlsx").province("甘肃省").pairing(m{"dispatch_province": "甘肃省", "mode": "省内帮扶"}), []string{"受援人员", "援派人员", "资金"}},
	}
	for _, tc := range tests {
		out := defaultSet(t).Check(books(tc.b), nil, opts())
		var got []string
		for _, v := range of(out, "missing-sheet") {
			got = append(got, strings.Split(strings.SplitN(v.Message, "“", 2)[1], "”")[0])
		}
		sort.Strings(got)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: missing %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A rule whose sheet or column is absent is skipped, with why.
func TestSkippedWithReason(t *testing.T) {
	b := tianjin(t)
	b.Tables["workers"].Columns["援派人员"][b.Tables["workers"].Sheet.FieldIndex("cert_level")] = ""
	editRecords(b.Tables, "workers", func(r *workbook.Record) {
		r.Values[b.Tables["workers"].Sheet.FieldIndex("cert_level")] = workbook.Value{}
	})
	out := defaultSet(t).Check(books(b), nil, opts())
	tests := []struct{ rule, reason string }{
		{"station-coverage", "没有任何工作簿含“服务站”工作表"},
		{"allocation-unfulfilled", "未提供任务分配表"},
		{"worker-certificate", "缺少“职业水平证书等级”列"},
		{"days-log-mismatch", "没有任何工作簿含“帮扶记录”工作表"},
	}
	for _, tc := range tests {
		s := status(out, tc.rule)
		if s.Status != "skipped" || !strings.Contains(s.Reason, tc.reason) {
			t.Errorf("%s: %s %q, want skipped %q", tc.rule, s.Status, s.Reason, tc.reason)
		}
	}
	if s := status(out, "worker-min-days"); s.Status != "passed" {
		t.Errorf("worker-min-days: %s, want passed", s.Status)
	}
}

// Same input, same output; fingerprints survive inserted rows; PII is masked when asked.
func TestDeterministicFingerprintsMasked(t *testing.T) {
	build := func(shift int) []*workbook.Workbook {
		b := tianjin(t)
		b.worker(m{"name": "孙示例", "id_number": "620102198501010012", "cert_level": "无", "days": 10})
		for key := range b.Tables {
			editRecords(b.Tables, key, func(r *workbook.Record) { r.Row += shift })
		}
		return books(b, gansu(t))
	}
	o := opts()
	o.MaskPII = true
	rs := defaultSet(t)
	a, b := rs.Check(build(0), nil, o), rs.Check(build(0), nil, o)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs over the same input differ")
	}
	fps := func(out Outcome) (s []string) {
		for _, v := range out.Violations {
			s = append(s, v.Rule+" "+v.Fingerprint)
		}
		sort.Strings(s)
		return s
	}
	if shifted := rs.Check(build(3), nil, o); !reflect.DeepEqual(fps(a), fps(shifted)) {
		t.Errorf("fingerprints changed when rows moved:\n%v\n%v", fps(a), fps(shifted))
	}
	ids := of(a, "id-number-invalid")
	if len(ids) != 1 || ids[0].Value != "620102********0012" || ids[0].Context["id_number"] != "620102********0012" ||
		strings.Contains(ids[0].Message, "198501010012") {
		t.Errorf("id-number-invalid not masked: %+v", ids)
	}
}

// --year checks one work year; --lang en speaks English.
func TestYearAndLanguage(t *testing.T) {
	b := tianjin(t).worker(m{"year": 2023, "name": "孙示例", "id_number": id4, "cert_level": "无"})
	o := opts()
	o.Year, o.Lang = 2022, "en"
	out := defaultSet(t).Check(books(b), nil, o)
	if vs := of(out, "worker-certificate"); len(vs) != 0 {
		t.Errorf("--year 2022 judged a 2023 row: %+v", vs)
	}
	b.problem(workbook.Problem{Code: "missing-value", Loc: workbook.Location{File: b.Path, Sheet: "援派人员", Row: 4, Col: "H"},
		Field: "days", Header: "参与计划工作日数"})
	if vs := of(defaultSet(t).Check(books(b), nil, o), "missing-value"); len(vs) != 0 {
		t.Errorf("--year 2022 reported a problem of a 2023 row: %+v", vs)
	}
	o.Year = 2023
	out = defaultSet(t).Check(books(b), nil, o)
	if vs := of(out, "missing-value"); len(vs) != 1 {
		t.Errorf("--year 2023: missing-value %+v, want one", vs)
	}
	vs := of(out, "worker-certificate")
	if len(vs) != 1 || !strings.HasPrefix(vs[0].Message, "孙示例 holds “无”") || vs[0].Title != "Dispatched people must hold 社会工作师 or higher" {
		t.Errorf("worker-certificate in English: %+v", vs)
	}
	if vs := of(out, "person-org-unknown"); len(vs) != 1 {
		t.Errorf("person-org-unknown for the 2023 worker: %+v", vs)
	}
}

// Reader problems become violations with the rule's message; the engine decides side sheets.
func TestProblems(t *testing.T) {
	b := tianjin(t)
	b.problem(workbook.Problem{Code: "invalid-value", Loc: workbook.Location{File: b.Path, Sheet: "援派人员", Row: 3, Col: "I"},
		Field: "days", Header: "参与计划工作日数", Raw: "四十天", Detail: map[string]string{"example": "45"}})
	b.problem(workbook.Problem{Code: "missing-sheet", Loc: workbook.Location{File: b.Path}, Header: "受援人员"})
	out := defaultSet(t).Check(books(b), nil, opts())
	iv := of(out, "invalid-value")
	if len(iv) != 1 || iv[0].Cell != "I3" || iv[0].Value != "四十天" || !strings.Contains(iv[0].Message, "正确示例：45") {
		t.Errorf("invalid-value = %+v", iv)
	}
	if ms := of(out, "missing-sheet"); len(ms) != 0 {
		t.Errorf("a dispatching workbook needs no 受援人员, got %+v", ms)
	}
}

// Violations are sorted by file, sheet, row, column, rule.
func TestSorted(t *testing.T) {
	out := defaultSet(t).Check(books(gansu(t), tianjin(t).worker(m{"cert_level": "无", "days": 500})), nil, opts())
	if !sort.SliceIsSorted(out.Violations, func(i, j int) bool {
		a, b := out.Violations[i], out.Violations[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Row < b.Row
	}) {
		t.Error("violations not sorted")
	}
}

// --scope national judges all 160 key counties.
func TestNationalScope(t *testing.T) {
	o := opts()
	o.Scope = "national"
	out := defaultSet(t).Check(books(tianjin(t), gansu(t)), nil, o)
	if n := len(of(out, "county-coverage")); n != 159 {
		t.Errorf("county-coverage: %d, want 159", n)
	}
	if len(out.Coverage) != 10 {
		t.Errorf("coverage of %d provinces, want the 10 with key counties", len(out.Coverage))
	}
}

// Tasks naming a county are filled before blank-county ones.
func TestAllocationCountyNamedFirst(t *testing.T) {
	alloc := wb(t, "分配表.xlsx")
	alloc.Kind = "allocation"
	alloc.row("allocation", m{}).row("allocation", m{"recipient_county": "会宁县"})
	out := defaultSet(t).Check(books(tianjin(t), gansu(t)), alloc.Workbook, opts())
	un := of(out, "allocation-unfulfilled")
	if len(un) != 1 || un[0].Row != 2 || un[0].Context["actual"] != 0 {
		t.Errorf("allocation-unfulfilled = %+v, want the blank-county task (row 2) empty", un)
	}
	if ex := of(out, "allocation-extra"); len(ex) != 0 {
		t.Errorf("allocation-extra = %+v", ex)
	}
}

// A rule about one side is skipped, with why, when no workbook of that side is in the batch.
func TestSideAbsentSkipped(t *testing.T) {
	out := defaultSet(t).Check(books(gansu(t)), nil, opts())
	if s := status(out, "dispatch-min-workers"); s.Status != "skipped" || !strings.Contains(s.Reason, "援派省份") {
		t.Errorf("dispatch-min-workers: %+v", s)
	}
	if s := status(out, "recipient-min-trainees"); s.Status != "passed" {
		t.Errorf("recipient-min-trainees: %+v", s)
	}
}

// A rule skipped because a sheet is absent says whether no workbook has it or which one lacks it.
func TestSkippedSheetReason(t *testing.T) {
	withLogs := wb(t, "beijing.xlsx").province("北京市").
		pairing(m{"dispatch_province": "北京市", "dispatch_org": "北京示例中心", "dispatch_org_code": nil, "recipient_org": "环县示例中心", "recipient_org_code": nil, "recipient_county": "环县"}).
		row("logs", m{}).row("stations", m{})
	tests := []struct {
		name  string
		books []*tbook
		lang  string
		rule  string
		want  string
	}{
		{"no workbook has it", []*tbook{tianjin(t), gansu(t)}, "en", "days-log-mismatch", "no workbook has a 帮扶记录 sheet"},
		{"no workbook has it (zh)", []*tbook{tianjin(t), gansu(t)}, "zh", "days-log-mismatch", "没有任何工作簿含“帮扶记录”工作表"},
		{"a row rule", []*tbook{tianjin(t), gansu(t)}, "en", "station-coverage", "no workbook has a 服务站 sheet"},
		{"another workbook has it", []*tbook{tianjin(t), withLogs}, "en", "days-log-mismatch", "tianjin.xlsx: no sheet 帮扶记录"},
	}
	for _, tc := range tests {
		o := opts()
		o.Lang = tc.lang
		var bs []*tbook
		bs = append(bs, tc.books...)
		s := status(defaultSet(t).Check(books(bs...), nil, o), tc.rule)
		if s.Status != "skipped" || s.Reason != tc.want {
			t.Errorf("%s: %s %s %q, want skipped %q", tc.name, tc.rule, s.Status, s.Reason, tc.want)
		}
	}
}

// A column absent from a file skips the group rules that need it for the orgs that file defines:
// the missing-column says it once, the org is not also short of people or money.
func TestAbsentColumnNoGroupViolation(t *testing.T) {
	tests := []struct {
		table, field string
		book         func(t testing.TB) *tbook
		rule         string
		header       string
	}{
		{"workers", "cert_level", tianjin, "dispatch-min-workers", "职业水平证书等级"},
		{"workers", "days", tianjin, "dispatch-min-workers", "参与计划工作日数"},
		{"workers", "dispatch_org", tianjin, "dispatch-min-workers", "援派机构名称"},
		{"workers", "year", tianjin, "dispatch-min-workers", "工作年度"},
		{"trainees", "recipient_org", gansu, "recipient-min-trainees", "受援机构名称"},
		{"funds", "dispatch_org", tianjin, "funding-missing", "援派机构名称"},
	}
	for _, tc := range tests {
		b := tc.book(t)
		dropColumn(b, tc.table, tc.field)
		out := defaultSet(t).Check(books(b), nil, opts())
		if vs := of(out, tc.rule); len(vs) > 0 {
			t.Errorf("%s without %s: %s %s", tc.table, tc.field, tc.rule, vs[0].Message)
		}
		if s := status(out, tc.rule); s.Status != "skipped" || !strings.Contains(s.Reason, "缺少“"+tc.header+"”列") {
			t.Errorf("%s without %s: %s %s %q, want skipped for the column", tc.table, tc.field, tc.rule, s.Status, s.Reason)
		}
	}
	// both columns of service years absent: the org is not judged; one of them suffices
	b := tianjin(t)
	dropColumn(b, "workers", "service_start")
	dropColumn(b, "workers", "service_years")
	if vs := of(defaultSet(t).Check(books(b), nil, opts()), "dispatch-min-workers"); len(vs) > 0 {
		t.Errorf("workers without service columns: %s", vs[0].Message)
	}
	b = tianjin(t)
	dropColumn(b, "workers", "service_years")
	if s := status(defaultSet(t).Check(books(b), nil, opts()), "dispatch-min-workers"); s.Status != "passed" {
		t.Errorf("workers with service_start only: dispatch-min-workers %s %q", s.Status, s.Reason)
	}
}

// dropColumn removes a field's column from a test workbook's table, as if the sheet had no such header.
func dropColumn(b *tbook, table, field string) {
	tb := b.Tables[table]
	i := tb.Sheet.FieldIndex(field)
	for _, cols := range tb.Columns {
		cols[i] = ""
	}
	editRecords(b.Tables, table, func(r *workbook.Record) { r.Values[i] = workbook.Value{} })
}

// editRecords rebuilds a test table with each record edited (a table stores its records compactly).
func editRecords(tables map[string]*workbook.Table, key string, edit func(*workbook.Record)) {
	old := tables[key]
	t := &workbook.Table{Sheet: old.Sheet, SheetNames: old.SheetNames, Columns: old.Columns}
	for _, r := range old.Records() {
		edit(&r)
		t.Append(r.Sheet, r.Row, r.Values)
	}
	tables[key] = t
}

// An unreadable recipient province is invalid-value's to report: the county rules do not judge
// the county against an empty province ("not of ").
func TestCountyRulesNeedTheProvince(t *testing.T) {
	for _, county := range []string{"会宁县", "城关区"} {
		b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{"recipient_province": "火星", "recipient_county": county}).
			worker(m{}).worker(m{"name": "王示例", "id_number": id2}).fund(m{})
		out := defaultSet(t).Check(books(b), nil, opts())
		for _, rule := range []string{"county-province-mismatch", "county-not-key"} {
			if vs := of(out, rule); len(vs) > 0 {
				t.Errorf("%s under an unreadable province: %s %s", county, rule, vs[0].Message)
			}
		}
	}
}

// An org is the same org across files whether or not a file gives its credit code (or gives it
// with a typo): a 援派机构 paired with two 受援机构 is one-to-one's, however each file wrote it.
func TestOneToOneAcrossFilesByNameAndCode(t *testing.T) {
	huan := m{"recipient_county": "环县", "recipient_org": "环县示例社会工作服务中心", "recipient_org_code": "52621022MJ00000128"}
	tests := []struct {
		name string
		over m // the second file's pairing
	}{
		{"same code", m{}},
		{"no code", m{"dispatch_org_code": nil}},
		{"a code with a typo", m{"dispatch_org_code": "52120104MJ00000018"}},
		{"name spaced, no code", m{"dispatch_org": "天津市和平区示例社会工作服务中心 ", "dispatch_org_code": nil}},
	}
	for _, tc := range tests {
		second := wb(t, "tianjin2.xlsx").province("天津市").pairing(overlay(huan, tc.over))
		vs := of(defaultSet(t).Check(books(tianjin(t), second), nil, opts()), "one-to-one")
		if len(vs) != 1 || vs[0].File != "tianjin2.xlsx" || vs[0].Context["first"] != "tianjin.xlsx!结对关系!2" {
			t.Errorf("%s: one-to-one = %+v, want one at tianjin2.xlsx", tc.name, vs)
		}
	}
	// the recipient side: two dispatching provinces claim one 受援机构, one of them without its code
	beijing := wb(t, "beijing.xlsx").province("北京市").pairing(m{"dispatch_province": "北京市", "dispatch_org": "北京市示例社会工作服务中心",
		"dispatch_org_code": "52110105MJ00000050", "recipient_org_code": nil})
	vs := of(defaultSet(t).Check(books(tianjin(t), beijing), nil, opts()), "one-to-one")
	if len(vs) != 1 || !strings.Contains(vs[0].Message, "受援机构“会宁县示例社会工作服务中心”") {
		t.Errorf("recipient org without code in one file: one-to-one = %+v, want one", vs)
	}
	// two different orgs of the same name but different valid codes stay two orgs
	other := wb(t, "tianjin2.xlsx").province("天津市").pairing(overlay(huan, m{"dispatch_org_code": "52120104MJ00000107"}))
	if vs := of(defaultSet(t).Check(books(tianjin(t), other), nil, opts()), "one-to-one"); len(vs) != 0 {
		t.Errorf("two orgs with different codes: one-to-one = %+v", vs)
	}
}

// Money is judged per org: 资金 rows without an org (missing-value) are not summed into a
// nameless org, and a 资金 sheet without the org column skips the money rules for that file.
func TestMoneyNeedsTheOrg(t *testing.T) {
	noName := tianjin(t).fund(m{"dispatch_org": nil, "ministry_subsidy": 1000, "provincial_funding": 1000}).
		fund(m{"dispatch_org": nil, "ministry_subsidy": 1000, "provincial_funding": 1000})
	noColumn := tianjin(t)
	dropColumn(noColumn, "funds", "dispatch_org")
	for name, b := range map[string]*tbook{"empty org": noName, "no org column": noColumn} {
		out := defaultSet(t).Check(books(b), nil, opts())
		for _, rule := range []string{"subsidy-amount", "provincial-funding-min"} {
			if vs := of(out, rule); len(vs) > 0 {
				t.Errorf("%s: %s %s", name, rule, vs[0].Message)
			}
		}
	}
}

// A 报送日期 that is filled in but unreadable is invalid-value's: the deadline rules do not call
// it missing ("未填写报送日期").
func TestUnreadableReportDateIsNotMissing(t *testing.T) {
	b := tianjin(t)
	b.Info["report_date"] = workbook.InfoValue{Value: workbook.Value{Raw: "2022年1月32日", Status: workbook.Invalid, Col: "B"},
		Loc: workbook.Location{File: b.Path, Sheet: "基本信息", Row: 3, Col: "B"}}
	for _, asOf := range []string{"2022-01-20", "2022-02-20"} {
		o := opts()
		o.AsOf, _ = time.Parse("2006-01-02", asOf)
		out := defaultSet(t).Check(books(b), nil, o)
		for _, rule := range []string{"plan-deadline", "plan-deadline-near"} {
			if vs := of(out, rule); len(vs) > 0 {
				t.Errorf("as of %s: %s %s", asOf, rule, vs[0].Message)
			}
		}
	}
}

// A person's year outside the plan is work-year-range's: person-org-unknown does not also ask for
// a pairing in that year.
func TestYearOutsidePlanIsOneFault(t *testing.T) {
	b := tianjin(t).worker(m{"year": 2026, "name": "孙示例", "id_number": id4})
	out := defaultSet(t).Check(books(b), nil, opts())
	if n := len(of(out, "work-year-range")); n != 1 {
		t.Errorf("work-year-range: %d, want 1", n)
	}
	if vs := of(out, "person-org-unknown"); len(vs) > 0 {
		t.Errorf("person-org-unknown: %s", vs[0].Message)
	}
}

// A pairing whose year lies outside the plan is work-year-range's: its org is not also told it
// has no people or money for that year.
func TestPairingYearOutsidePlanNoGroupViolations(t *testing.T) {
	t26 := wb(t, "tianjin.xlsx").province("天津市").pairing(m{"year": 2026}).
		worker(m{}).worker(m{"name": "王示例", "id_number": id2}).fund(m{})
	g26 := wb(t, "gansu.xlsx").province("甘肃省").pairing(m{"year": 2026}).trainee(m{})
	out := defaultSet(t).Check(books(t26, g26), nil, opts())
	if n := len(of(out, "work-year-range")); n != 2 {
		t.Errorf("work-year-range: %d, want 2 (one per file)", n)
	}
	for _, rule := range []string{"dispatch-min-workers", "recipient-min-trainees", "funding-missing"} {
		if vs := of(out, rule); len(vs) > 0 {
			t.Errorf("%s: %s", rule, vs[0].Message)
		}
	}
}

// Blank org names are missing-value's: pairings with an empty 援派机构 (or 受援机构) are not one
// org paired many times.
func TestOneToOneIgnoresBlankOrgs(t *testing.T) {
	b := wb(t, "gansu.xlsx").province("甘肃省").
		pairing(m{"dispatch_org": nil, "dispatch_org_code": nil}).
		pairing(m{"dispatch_org": nil, "dispatch_org_code": nil, "recipient_county": "环县", "recipient_org": "环县示例社会工作服务中心", "recipient_org_code": "52621022MJ00000128"}).
		pairing(m{"dispatch_org": "天津市另一社会工作服务中心", "dispatch_org_code": "52120104MJ00000107", "recipient_county": "环县", "recipient_org": nil, "recipient_org_code": nil}).
		pairing(m{"dispatch_org": "天津市第三社会工作服务中心", "dispatch_org_code": nil, "recipient_county": "环县", "recipient_org": nil, "recipient_org_code": nil})
	if vs := of(defaultSet(t).Check(books(b), nil, opts()), "one-to-one"); len(vs) > 0 {
		t.Errorf("one-to-one over blank orgs: %s", vs[0].Message)
	}
}

// A side that leaves the 援派机构 or the county blank (missing-value) does not disagree with the
// other side's: no report-conflict.
func TestReportConflictNeedsTwoStatedValues(t *testing.T) {
	for name, over := range map[string]m{
		"blank dispatching org": {"dispatch_org": nil, "dispatch_org_code": nil},
		"blank county":          {"recipient_county": nil},
	} {
		g := wb(t, "gansu.xlsx").province("甘肃省").pairing(over).
			trainee(m{}).trainee(m{"name": "赵示例", "id_number": id6}).trainee(m{"name": "钱示例", "id_number": id3})
		if vs := of(defaultSet(t).Check(books(tianjin(t), g), nil, opts()), "report-conflict"); len(vs) > 0 {
			t.Errorf("%s: %s", name, vs[0].Message)
		}
	}
}

// A person row with a blank org (missing-value) is not "another org" of a person-duplicate.
func TestPersonDuplicateIgnoresBlankOrg(t *testing.T) {
	b := tianjin(t).worker(m{"dispatch_org": nil})
	if vs := of(defaultSet(t).Check(books(b), nil, opts()), "person-duplicate"); len(vs) > 0 {
		t.Errorf("person-duplicate: %s", vs[0].Message)
	}
}

// A person whose first row has no days (a missing-value of its own) is still judged on the days of
// their other rows, at the first row that has them.
func TestPersonDaysWhenFirstRowHasNone(t *testing.T) {
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).
		worker(m{}).
		worker(m{"name": "王示例", "id_number": id2, "days": nil}).
		worker(m{"name": "王示例", "id_number": id2, "days": 30})
	out := defaultSet(t).Check(books(b), nil, opts())
	got := of(out, "worker-min-days")
	if len(got) != 1 || got[0].Row != 4 || got[0].Context["actual"] != 30 {
		t.Fatalf("worker-min-days = %+v, want one at row 4 with 30 days", got)
	}
}

// A pairing one province reports while the other province's workbook (in the batch) lacks it is a
// report-conflict at the reporting row, naming the other file; with that workbook absent, nothing.
func TestPairingMissingFromTheOtherProvince(t *testing.T) {
	recipientCode := "52620422MJ0000020" + string(ident.CreditCheckChar("52620422MJ0000020"))
	tianjin := func() *tbook {
		return wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).
			pairing(m{"dispatch_org": "天津市另一社会工作服务中心", "dispatch_org_code": "52120104MJ00000107",
				"recipient_org": "会宁县另一社会工作服务中心", "recipient_org_code": recipientCode})
	}
	gansu := wb(t, "gansu.xlsx").province("甘肃省").pairing(m{})
	out := defaultSet(t).Check(books(tianjin(), gansu), nil, opts())
	got := of(out, "report-conflict")
	if len(got) != 1 || got[0].File != "tianjin.xlsx" || got[0].Row != 3 || got[0].Context["other_file"] != "gansu.xlsx" {
		t.Fatalf("report-conflict = %+v, want one at tianjin.xlsx row 3 naming gansu.xlsx", got)
	}
	if !strings.Contains(got[0].Message, "会宁县另一社会工作服务中心") || !strings.Contains(got[0].Message, "gansu.xlsx 中没有") {
		t.Errorf("message = %s", got[0].Message)
	}
	// the other way round: 甘肃 reports a pairing 天津's workbook lacks
	other := m{"dispatch_org": "天津市另一社会工作服务中心", "dispatch_org_code": "52120104MJ00000107",
		"recipient_org": "会宁县另一社会工作服务中心", "recipient_org_code": recipientCode}
	out = defaultSet(t).Check(books(wb(t, "tianjin.xlsx").province("天津市").pairing(m{}),
		wb(t, "gansu.xlsx").province("甘肃省").pairing(m{}).pairing(other)), nil, opts())
	if got := of(out, "report-conflict"); len(got) != 1 || got[0].File != "gansu.xlsx" || got[0].Row != 3 || got[0].Context["other_file"] != "tianjin.xlsx" {
		t.Errorf("report-conflict = %+v, want one at gansu.xlsx row 3 naming tianjin.xlsx", got)
	}
	// 甘肃's workbook not in the batch: 天津 alone cannot be contradicted
	if got := of(defaultSet(t).Check(books(tianjin()), nil, opts()), "report-conflict"); len(got) != 0 {
		t.Errorf("without the other workbook: %+v", got)
	}
}

// Duplicate rules remember rows by a hash of their key; when two different keys share a hash, the
// keys are compared whole, so a collision never makes a false duplicate nor hides a true one.
func TestDuplicateKeysWhoseHashesCollide(t *testing.T) {
	b := tianjin(t).
		worker(m{"name": "王示例", "id_number": id2}).                                 // row 4 repeats row 3
		worker(m{"name": "孙示例", "id_number": id4}).                                 // row 5: a new person
		worker(m{"name": "孙示例", "id_number": id4, "dispatch_org": "天津市另一社会工作服务中心"}) // row 6: row 5's person, another org
	collect := func() (got []string) {
		out := defaultSet(t).Check(books(b, gansu(t)), nil, opts())
		for _, rule := range []string{"duplicate-row", "person-duplicate", "one-to-one"} {
			for _, v := range of(out, rule) {
				got = append(got, fmt.Sprintf("%s %s!%d first %s", v.Rule, v.Sheet, v.Row, v.Context["first"]))
			}
		}
		return got
	}
	want := []string{"duplicate-row 援派人员!4 first tianjin.xlsx!援派人员!3", "person-duplicate 援派人员!6 first tianjin.xlsx!援派人员!5"}
	if got := collect(); !reflect.DeepEqual(got, want) {
		t.Fatalf("duplicates:\n got %q\nwant %q", got, want)
	}
	defer func(h func([]byte) uint64) { dupHash = h }(dupHash)
	dupHash = func([]byte) uint64 { return 7 }
	if got := collect(); !reflect.DeepEqual(got, want) {
		t.Errorf("with every key's hash the same:\n got %q\nwant %q", got, want)
	}
}

// Rows of several views run in workbook order — file, sheet, row — even when a table is split
// over sheets with another table's sheet between them: the first row of a duplicate is the one in
// the earlier sheet.
func TestRunOrderFollowsSheetsOfSplitTables(t *testing.T) {
	b := tianjin(t).trainee(m{"name": "孙示例", "id_number": id3, "recipient_org": "甘肃省某社会工作服务站"}).
		rowOn("workers", "援派人员（续）", 2, m{"name": "孙示例", "id_number": id3}) // after 受援人员
	got := of(defaultSet(t).Check(books(b), nil, opts()), "person-duplicate")
	if len(got) != 1 || got[0].Sheet != "援派人员（续）" || !strings.Contains(got[0].Message, "受援人员") {
		t.Fatalf("person-duplicate = %+v, want one at 援派人员（续） naming the 受援人员 row first", got)
	}
}

// With --year, rows of other years are left out; the rows kept after them still get their own
// stored fields and groups (kept by record): a person's days add up over their rows of the year.
func TestYearKeepsStoredFieldsOfLaterRows(t *testing.T) {
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).
		worker(m{"year": 2021, "name": "赵示例", "id_number": id6}). // row 2: no 2021 pairing
		worker(m{}).
		worker(m{"name": "王示例", "id_number": id2, "days": 20}).
		worker(m{"name": "王示例", "id_number": id2, "days": 25})
	all := defaultSet(t).Check(books(b), nil, opts())
	if vs := of(all, "person-org-unknown"); len(vs) != 1 || vs[0].Row != 2 {
		t.Fatalf("without --year: person-org-unknown = %+v, want one at row 2", vs)
	}
	o := opts()
	o.Year = 2022
	out := defaultSet(t).Check(books(b), nil, o)
	for _, rule := range []string{"person-org-unknown", "worker-min-days"} {
		if vs := of(out, rule); len(vs) > 0 {
			t.Errorf("--year 2022: %s at row %d: %s", rule, vs[0].Row, vs[0].Message)
		}
	}
}

// A person's working days are compared with the sum over all their stay-log rows, and the
// violation names each of those rows (2022-03: 23 workdays; 2022-04: 21 — 清明 4–5 off, 2 and 24
// worked).
func TestDaysLogMismatchSumsEveryLogRow(t *testing.T) {
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).
		worker(m{}).
		row("logs", m{}).
		row("logs", m{"start": time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC), "end": time.Date(2022, 4, 30, 0, 0, 0, 0, time.UTC)})
	out := defaultSet(t).Check(books(b), nil, opts())
	got := of(out, "days-log-mismatch")
	if len(got) != 1 || got[0].Context["required"] != 44 || got[0].Context["actual"] != 45 || !reflect.DeepEqual(got[0].Rows, []int{2, 3}) {
		t.Fatalf("days-log-mismatch = %+v, want one: 45 stated, 44 logged on rows 2 and 3", got)
	}
}

// An aggregate's fingerprint holds its key as grouping evaluated it: a key reading count (or sum,
// value) sees nothing yet, as when the group was formed.
func TestAggregateKeyShownAsGrouped(t *testing.T) {
	rs, err := Parse("user", []byte(`extends: default
rules:
  - {id: by-org, severity: info, kind: aggregate, on: workers, title: 按机构, title_en: by org,
     key: [dispatch_org, count], check: "false", message: "{{count}}", message_en: "{{count}}"}
`))
	if err != nil {
		t.Fatal(err)
	}
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).worker(m{}).
		worker(m{"name": "王示例", "id_number": id2})
	got := of(rs.Check(books(b), nil, opts()), "by-org")
	if len(got) != 1 || got[0].Message != "2" {
		t.Fatalf("by-org = %+v, want one group of 2", got)
	}
	want := fingerprint("by-org", got[0].File, got[0].Sheet, "", []string{"天津市和平区示例社会工作服务中心", ""})
	if got[0].Fingerprint != want {
		t.Errorf("fingerprint %s, want %s (key as grouped: org, no count yet)", got[0].Fingerprint, want)
	}
}

// county_provinces is an empty list, not nil, for a county of its own province: len() takes it.
func TestCountyProvincesIsAList(t *testing.T) {
	rs, err := Parse("user", []byte(`extends: default
rules:
  - {id: elsewhere, severity: info, kind: row, on: pairings, title: 他省, title_en: elsewhere,
     check: "len(county_provinces) == 0", message: "{{recipient_county}}", message_en: "{{recipient_county}}"}
`))
	if err != nil {
		t.Fatal(err)
	}
	b := wb(t, "gansu.xlsx").province("甘肃省").pairing(m{}).pairing(m{"recipient_county": "环县", "recipient_province": "天津市"})
	got := of(rs.Check(books(b), nil, opts()), "elsewhere")
	if len(got) != 1 || got[0].Message != "环县" {
		t.Errorf("elsewhere = %+v, want one: 环县 (a key county of 甘肃省, stated in 天津市)", got)
	}
}
