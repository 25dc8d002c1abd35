// Package ident validates the two identifiers the workbooks carry: the 18-digit citizen ID number
// (GB 11643-1999, check digit ISO 7064 MOD 11-2) and the 统一社会信用代码 (GB 32100-2015), and masks
// personal numbers for reports.
package ident

// Fault names what is wrong with an identifier; "" means it is valid.
type Fault string

const (
	FaultLength    Fault = "length"     // not 18 characters
	FaultChars     Fault = "chars"      // a character outside the allowed set
	FaultBirthDate Fault = "birth-date" // not a real date, before 1900 or after the as-of date
	FaultCheck     Fault = "check"      // the check character does not match the other 17
	FaultLegacy15  Fault = "legacy-15"  // a 15-digit ID number of the first generation
)

// faultTexts holds the reason for each fault: Chinese, then English.
var faultTexts = map[Fault][2]string{
	FaultLength:    {"位数不对，应为18位", "must be 18 characters long"},
	FaultChars:     {"含有不允许的字符", "contains a character that is not allowed"},
	FaultBirthDate: {"出生日期不存在或晚于检查日期", "the birth date does not exist or is in the future"},
	FaultCheck:     {"校验位错误，请核对是否有录入错误", "wrong check digit; look for a typo"},
	FaultLegacy15:  {"是15位旧身份证号码，请改填18位号码", "is an old 15-digit ID number; enter the 18-digit number"},
}

// FaultText returns a short reason for f in Chinese, or in English when lang is "en"; "" for a
// valid identifier.
func FaultText(f Fault, lang string) string {
	t, ok := faultTexts[f]
	if !ok {
		return string(f)
	}
	if lang == "en" {
		return t[1]
	}
	return t[0]
}
