package workbook

import (
	"github.com/qianshou/qianshou/internal/parse"
	"github.com/qianshou/qianshou/internal/schema"
)

// examples are good values shown next to a bad one.
var examples = map[schema.Type]string{
	schema.Int: "45", schema.Number: "2.5", schema.Money: "30000", schema.Date: "2022-01-20",
	schema.YearMonth: "2019-03", schema.Year: "2022", schema.Mode: "跨省帮扶", schema.Province: "甘肃省",
	schema.CertLevel: "社会工作师", schema.Bool: "是", schema.OrgType: "社会工作服务机构",
	schema.IDNumber: "11010519491231002X", schema.CreditCode: "91350100M000100Y43",
}

// typeNames name the types for people (zh, en).
var typeNames = map[schema.Type][2]string{
	schema.Int: {"整数", "a whole number"}, schema.Number: {"数字", "a number"},
	schema.Money: {"金额（不为负）", "an amount (not negative)"}, schema.Date: {"日期（2000—2035年）", "a date (2000–2035)"},
	schema.YearMonth: {"年月", "a year and month"}, schema.Year: {"年份", "a year"},
	schema.Mode:      {"帮扶类型（跨省帮扶或省内帮扶）", "跨省帮扶 or 省内帮扶"},
	schema.Province:  {"省级行政区名称", "a province-level division"},
	schema.CertLevel: {"证书等级（助理社会工作师、社会工作师、高级社会工作师或无）", "a certificate level"},
	schema.Bool:      {"是或否", "yes or no (是/否)"},
}

// excelErrors are the values of error cells (and what a formula shows when it failed).
var excelErrors = map[string]bool{
	"#N/A": true, "#REF!": true, "#VALUE!": true, "#DIV/0!": true, "#NAME?": true, "#NULL!": true,
	"#NUM!": true, "#SPILL!": true, "#CALC!": true, "#GETTING_DATA": true, "#FIELD!": true, "#BLOCKED!": true,
	"#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true,
}

// convert types one non-empty cell. ok is false when the text does not parse (or a date lies outside
// the plan's window); the types judged by their own rules (year range, org_type, id_number,
// credit_code) always come back ok, with Status Invalid when malformed.
func convert(f *schema.Field, raw string, scale float64, date1904 bool) (v Value, ok bool) {
	v = Value{Raw: raw, Status: OK}
	switch f.Type {
	case schema.Int:
		n, good := parse.Int(raw)
		return typed(v, n, good)
	case schema.Number:
		n, good := parse.Number(raw)
		return typed(v, n, good)
	case schema.Money:
		n, good := parse.Money(raw, scale)
		return typed(v, n, good)
	case schema.Date:
		t, good := parse.Date(raw, date1904)
		return typed(v, t, good && parse.InWindow(t))
	case schema.YearMonth:
		t, good := parse.YearMonth(raw, date1904)
		return typed(v, t, good)
	case schema.Year:
		n, good := parse.Year(raw)
		return typed(v, n, good)
	case schema.Mode:
		s, good := parse.Mode(raw)
		return typed(v, s, good)
	case schema.Province:
		s, good := parse.Province(raw)
		return typed(v, s, good)
	case schema.CertLevel:
		s, good := parse.CertLevel(raw)
		return typed(v, s, good)
	case schema.Bool:
		b, good := parse.Bool(raw)
		return typed(v, b, good)
	case schema.OrgType:
		s, good := parse.OrgType(raw)
		v.Typed = s
		if !good {
			v.Status = Invalid
		}
	case schema.IDNumber:
		id, well, numeric := parse.IDNumber(raw)
		v.Typed, v.Numeric = id, numeric
		if !well {
			v.Status = Invalid
		}
	case schema.CreditCode:
		code, well := parse.CreditCode(raw)
		v.Typed = code
		if !well {
			v.Status = Invalid
		}
	default: // text, county
		v.Typed = parse.Text(raw)
	}
	return v, true
}

func typed(v Value, t any, ok bool) (Value, bool) {
	if !ok {
		v.Status = Invalid
		return v, false
	}
	v.Typed = t
	return v, true
}

// defaultValue is a field's schema default as the type its values have, or nil.
func defaultValue(f *schema.Field) any {
	switch d := f.Default.(type) {
	case int:
		if f.Type == schema.Number || f.Type == schema.Money {
			return float64(d)
		}
		return d
	case float64, string, bool:
		return d
	}
	return nil
}
