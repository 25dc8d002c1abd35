package parse

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The parsers take whatever people type: they must never panic, and what they accept must be
// self-consistent.

func FuzzDate(f *testing.F) {
	for _, s := range []string{"2022-01-20", "2022/1/20", "2022.1.20", "2022年1月20日", "20220120", "44581", "2019-03", "2019年3月", "2019.3", "2021-01-01T10:10:10", "", "-", "年月日", "9999999999999", "2022-1-", "1e308"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		if d, ok := Date(s, date1904); ok && (d.Hour() != 0 || d.Year() < 1 || d.Year() > 9999) {
			t.Errorf("Date(%q) = %v", s, d)
		}
		if d, ok := YearMonth(s, date1904); ok && d.Day() != 1 {
			t.Errorf("YearMonth(%q) = %v, not the first of a month", s, d)
		}
	})
}

func FuzzMoney(f *testing.F) {
	for _, s := range []string{"30000", "30,000.00", "3万", "3万元", "３００００", "¥30000", "-1", "1,2,3", "万", ""} {
		f.Add(s, 10000.0)
	}
	f.Fuzz(func(t *testing.T, s string, scale float64) {
		if m, ok := Money(s, scale); ok && m < 0 && scale >= 0 {
			t.Errorf("Money(%q, %v) = %v, negative", s, scale, m)
		}
	})
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"45", "45.0", "４５", "45天", "1,200", "2022年度", "1e5", ".", "+", ","} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, okN := Number(s)
		if i, ok := Int(s); ok && (!okN || float64(i) != n) {
			t.Errorf("Int(%q) = %v but Number = %v, %v", s, i, n, okN)
		}
		Year(s)
	})
}

func FuzzIDs(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "4.10102199001011E+17", "91350100M000100Y43", "１１０", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if id, well, _ := IDNumber(s); well && (len(id) != 18 || strings.ContainsAny(id, " x")) {
			t.Errorf("IDNumber(%q) = %q, well-formed", s, id)
		}
		if code, well := CreditCode(s); well && len(code) != 18 {
			t.Errorf("CreditCode(%q) = %q, well-formed", s, code)
		}
	})
}

func FuzzHeader(f *testing.F) {
	for _, s := range []string{"受援县（市，区）", " 援派机构\n名称 ", "民政部补助资金（万元）", "(((", ")", "*", "：", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := Header(s)
		if utf8.ValidString(s) && Header(h) != h {
			t.Errorf("Header is not idempotent: %q → %q → %q", s, h, Header(h))
		}
		Unit(h)
		Text(s)
	})
}
