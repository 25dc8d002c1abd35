package parse

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Number parses a number as people write it: 「45」「45.0」「４５」「45天」「1,200」「2.5年」.
// A trailing unit word (Han characters) is ignored.
func Number(s string) (float64, bool) {
	s = Compact(s)
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
	return plainNumber(s)
}

// plainNumber parses a folded, compacted decimal with optional thousands separators.
func plainNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	if strings.IndexByte(s, ',') >= 0 {
		if !thousands(s) {
			return 0, false
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	// Accept what a person or a spreadsheet writes — digits, one sign, one point, an exponent — and
	// refuse what ParseFloat also takes but no one means here (Inf, NaN, hex, underscores).
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// thousands reports whether the commas of s group digits by three: 「1,200」「30,000.00」.
func thousands(s string) bool {
	intPart := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart = s[:i]
		if strings.IndexByte(s[i:], ',') >= 0 {
			return false
		}
	}
	intPart = strings.TrimLeft(intPart, "+-")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// Int parses a whole number (see Number); 「45.0」 is 45, 「45.5」 is not an int.
func Int(s string) (int, bool) {
	f, ok := Number(s)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, false
	}
	return int(f), true
}

// Money parses an amount into yuan: 「30000」「30,000.00」「3万」「3万元」「¥30000」「30000元」.
// scale is the column's header unit (10000 for (万元), 1 or 0 for none); an amount that names its
// own unit (万) is not scaled again. Negative amounts are refused. The result is rounded to cents.
func Money(s string, scale float64) (float64, bool) {
	s = Compact(s)
	s = strings.TrimLeft(s, "¥￥")
	s = strings.TrimPrefix(s, "RMB")
	s = strings.TrimSuffix(s, "人民币")
	s = strings.TrimSuffix(s, "元")
	if scale == 0 {
		scale = 1
	}
	if t, ok := strings.CutSuffix(s, "万"); ok {
		s, scale = t, 10000
	}
	f, ok := plainNumber(s)
	if !ok || f < 0 {
		return 0, false
	}
	return math.Round(f*scale*100) / 100, true
}

// Year parses a work year: 「2022」「2022年」「2022年度」「2022.0」. The range is the rules' business.
func Year(s string) (int, bool) {
	s = Compact(s)
	s = strings.TrimSuffix(s, "度")
	s = strings.TrimSuffix(s, "年")
	f, ok := plainNumber(s)
	if !ok || f != math.Trunc(f) || f < 0 || f > 1e6 {
		return 0, false
	}
	return int(f), true
}
