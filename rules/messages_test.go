package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/qianshou/qianshou/internal/workbook"
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

// Messages say exactly what is wrong, in words that read right for the figures they show.
func TestMessageWording(t *testing.T) {
	compliant := func() *tbook { return tianjin(t) }
	tests := []struct {
		name, lang, rule string
		b                *tbook
		asOf             string
		want, not        string
	}{
		{"too many days says the year's working days", "en", "days-impossible",
			compliant().worker(m{"name": "孙示例", "id_number": id4, "days": 250}), "",
			"2022 has only 249 working days", "negative"},
		{"negative days says negative", "en", "days-impossible",
			compliant().worker(m{"name": "孙示例", "id_number": id4, "days": -3}), "",
			"cannot be negative", "249"},
		{"too many days (zh)", "zh", "days-impossible",
			compliant().worker(m{"name": "孙示例", "id_number": id4, "days": 250}), "",
			"2022年只有 249 个工作日", "负数"},
		{"one day left", "en", "plan-deadline-near", compliant(), "2022-01-24", "1 day left", "1 days"},
		{"deadline today", "en", "plan-deadline-near", compliant(), "2022-01-25", "the deadline 2022-01-25 is today", "0 days"},
		{"deadline today (zh)", "zh", "plan-deadline-near", compliant(), "2022-01-25", "今天是截止日期 2022-01-25", "还有 0 天"},
		{"as-of date is not always today (zh)", "zh", "plan-deadline", compliant(), "2022-02-20", "截至 2022-02-20 已过截止日期", "今天"},
		{"certificate levels read as alternatives", "en", "worker-certificate",
			compliant().worker(m{"name": "孙示例", "id_number": id4, "cert_level": "无"}), "",
			"社会工作师 or 高级社会工作师 is required", ""},
		{"certificate levels read as alternatives (zh)", "zh", "worker-certificate",
			compliant().worker(m{"name": "孙示例", "id_number": id4, "cert_level": "无"}), "",
			"须为社会工作师或高级社会工作师", ""},
		{"one qualifying person", "en", "dispatch-min-workers",
			wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).worker(m{}).fund(m{}), "",
			"1 qualifying person dispatched (援派人员 row 2), at least 2 required", ""},
		{"punctuation (zh)", "zh", "dispatch-min-workers",
			wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).worker(m{}).fund(m{}), "",
			"2022年合格援派人员 1 人（援派人员第 2 行），须不少于 2 人（合格：", ""},
		{"one trainee", "en", "recipient-min-trainees",
			wb(t, "gansu.xlsx").province("甘肃省").pairing(m{}).trainee(m{}), "",
			"2022: 1 trainee (受援人员 row 2), at least 3 required", ""},
		{"trainees punctuation (zh)", "zh", "recipient-min-trainees",
			wb(t, "gansu.xlsx").province("甘肃省").pairing(m{}).trainee(m{}), "",
			"2022年受援人员 1 人（受援人员第 2 行），须不少于 3 人：", ""},
	}
	for _, tc := range tests {
		o := opts()
		o.Lang = tc.lang
		if tc.asOf != "" {
			o.AsOf, _ = time.Parse("2006-01-02", tc.asOf)
		}
		vs := of(defaultSet(t).Check(books(tc.b), nil, o), tc.rule)
		if len(vs) != 1 {
			t.Errorf("%s: %d %s, want one", tc.name, len(vs), tc.rule)
			continue
		}
		if msg := vs[0].Message; !strings.Contains(msg, tc.want) || tc.not != "" && strings.Contains(msg, tc.not) {
			t.Errorf("%s: %q\nwant it to say %q (and not %q)", tc.name, msg, tc.want, tc.not)
		}
	}
}

// invalid-value reads right with the reader's details: no doubled article or full stop.
func TestInvalidValueWording(t *testing.T) {
	b := tianjin(t)
	b.problem(workbook.Problem{Code: "invalid-value", Loc: workbook.Location{Sheet: "援派人员", Row: 3, Col: "I"},
		Field: "days", Header: "参与计划工作日数", Raw: "#N/A", Detail: map[string]string{"example": "45", "type": "int",
			"type_name": "整数", "type_name_en": "a whole number",
			"reason":    "单元格是错误值 #N/A（公式出错），请修正公式或直接填写数值。",
			"reason_en": "the cell holds the error value #N/A (a failed formula); fix the formula or type the value."}})
	for lang, want := range map[string]string{
		"en": "参与计划工作日数 (I3): “#N/A” is not a whole number: the cell holds the error value #N/A (a failed formula); fix the formula or type the value. A good value: 45",
		"zh": "“参与计划工作日数”(I3)的值“#N/A”不是有效的整数：单元格是错误值 #N/A（公式出错），请修正公式或直接填写数值。正确示例：45",
	} {
		o := opts()
		o.Lang = lang
		vs := of(defaultSet(t).Check(books(b), nil, o), "invalid-value")
		if len(vs) != 1 || vs[0].Message != want {
			t.Errorf("%s: %+v\nwant %q", lang, vs, want)
		}
	}
}

// A message keeps its year and figures when a person's name is missing (missing-value's).
func TestWorkerDaysMessageWithoutName(t *testing.T) {
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).
		worker(m{"name": nil, "days": 10}).worker(m{"name": "王示例", "id_number": id2})
	vs := of(defaultSet(t).Check(books(b), nil, opts()), "worker-min-days")
	if len(vs) != 1 || !strings.HasPrefix(vs[0].Message, " 2022年参与计划 10 个工作日") {
		t.Errorf("worker-min-days = %+v", vs)
	}
}

// Messages name the plan period and say what to do.
func TestPeriodAndStationWording(t *testing.T) {
	tests := []struct {
		lang, rule string
		b          *tbook
		want       string
	}{
		{"zh", "agreement-date", tianjin(t).pairing(m{"agreement_date": "2019-05-01", "recipient_org": "乙", "recipient_org_code": nil}),
			"不在实施期(2021—2025年)内"},
		{"en", "agreement-date", tianjin(t).pairing(m{"agreement_date": "2019-05-01", "recipient_org": "乙", "recipient_org_code": nil}),
			"outside the plan period (2021–2025)"},
		{"zh", "station-coverage", tianjin(t).row("stations", m{"townships": 10, "stations": 7}), "尚差 3 个：请推进乡镇(街道)社会工作服务站建设，目标是全覆盖"},
		{"en", "station-coverage", tianjin(t).row("stations", m{"townships": 10, "stations": 7}), "3 short of full coverage: build the remaining stations"},
	}
	for _, tc := range tests {
		o := opts()
		o.Lang = tc.lang
		vs := of(defaultSet(t).Check(books(tc.b), nil, o), tc.rule)
		if len(vs) != 1 || !strings.Contains(vs[0].Message, tc.want) {
			t.Errorf("%s %s: %+v, want it to say %q", tc.lang, tc.rule, vs, tc.want)
		}
	}
}

// missing-sheet and missing-column list what was found in the message's language, and say
// "(none)" when nothing was.
func TestFoundListWording(t *testing.T) {
	tests := []struct {
		lang, found, want string
	}{
		{"en", "结对关系、援派人员", "Headers found: 结对关系, 援派人员."},
		{"zh", "结对关系、援派人员", "找到的表头：结对关系、援派人员。"},
		{"en", "", "Headers found: (none)."},
		{"zh", "", "找到的表头：(无)。"},
	}
	for _, tc := range tests {
		b := tianjin(t)
		b.problem(workbook.Problem{Code: "missing-column", Loc: workbook.Location{Sheet: "援派人员", Row: 1},
			Field: "id_number", Header: "身份证号码", Detail: map[string]string{"found": tc.found}})
		o := opts()
		o.Lang = tc.lang
		vs := of(defaultSet(t).Check(books(b), nil, o), "missing-column")
		if len(vs) != 1 || !strings.Contains(vs[0].Message, tc.want) {
			t.Errorf("%s %q: %+v, want %q", tc.lang, tc.found, vs, tc.want)
		}
	}
}

// Evidence on a table continued on another sheet names each sheet with its rows, in Chinese and
// English, not file!sheet!row references.
func TestEvidenceRowsOnContinuedSheets(t *testing.T) {
	b := wb(t, "tianjin.xlsx").province("天津市").pairing(m{}).fund(m{}).worker(m{}).row("logs", m{}).
		rowOn("logs", "帮扶记录(2)", 2, m{"start": time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC), "end": time.Date(2022, 4, 30, 0, 0, 0, 0, time.UTC)})
	for lang, want := range map[string]string{
		"zh": "按帮扶记录（帮扶记录第 2 行、帮扶记录(2)第 2 行）的起止日期计算为 44 个工作日",
		"en": "the stay log (帮扶记录 row 2; 帮扶记录(2) row 2) gives 44",
	} {
		o := opts()
		o.Lang = lang
		got := of(defaultSet(t).Check(books(b), nil, o), "days-log-mismatch")
		if len(got) != 1 || !strings.Contains(got[0].Message, want) {
			t.Errorf("%s: days-log-mismatch = %+v, want one saying %q", lang, got, want)
		}
	}
}
