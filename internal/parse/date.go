package parse

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// The plan's date window: a date outside it is a typing error, not a fact.
var (
	MinDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxDate = time.Date(2035, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Serial converts an Excel serial day number to a date (UTC midnight; the time of day is dropped),
// in the 1900 date system (with Excel's phantom 1900-02-29) or the 1904 one.
func Serial(f float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(f) || f < 1 || f > 2958465 { // 9999-12-31
		return time.Time{}, false
	}
	days := int(math.Floor(f))
	if date1904 {
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days), true
	}
	if days < 60 {
		days++ // before Excel's nonexistent 1900-02-29
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days), true
}

// Date parses a date cell's raw value or a date typed as text: 「2022-01-20」「2022/1/20」「2022.1.20」
// 「2022年1月20日」「20220120」, ISO date-times (「2021-01-01T10:10:10」, 「2022-01-20 00:00:00」),
// and Excel serials (a date cell, or a serial stored as text) in the workbook's date system.
// It does not judge the range; see InWindow.
func Date(s string, date1904 bool) (time.Time, bool) {
	s = dateText(s)
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) && len(s) == 8 {
		return ymd(s[:4], s[4:6], s[6:])
	}
	if f, ok := plainNumber(s); ok {
		return Serial(f, date1904)
	}
	y, m, d, ok := splitDate(s)
	if !ok || d == "" {
		return time.Time{}, false
	}
	return ymd(y, m, d)
}

// InWindow reports whether t lies in the plan's date window (2000–2035).
func InWindow(t time.Time) bool { return !t.Before(MinDate) && !t.After(MaxDate) }

// YearMonth parses a month, kept as its first day: 「2019-03」「2019年3月」「2019.3」「2019/3」
// 「201903」, or any full date that Date accepts.
func YearMonth(s string, date1904 bool) (time.Time, bool) {
	s = dateText(s)
	if isDigits(s) && len(s) == 6 {
		return ymd(s[:4], s[4:], "1")
	}
	if y, m, d, ok := splitDate(s); ok && d == "" {
		return ymd(y, m, "1")
	}
	t, ok := Date(s, date1904)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC), true
}

// dateText folds s and drops white space except the one between a date and its time of day.
func dateText(s string) string {
	s = Text(s)
	if strings.Contains(s, "年") {
		return strings.ReplaceAll(s, " ", "")
	}
	return s
}

// splitDate cuts 「2022-1-20」, 「2022/1/20」, 「2022.1.20」, 「2022年1月20日」 (or without the day)
// into its parts; a time of day after the date is dropped.
func splitDate(s string) (y, m, d string, ok bool) {
	if i := strings.IndexAny(s, "T "); i > 0 {
		s = s[:i]
	} else if i := strings.Index(s, "日"); i > 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "月")
	var parts []string
	switch {
	case strings.Contains(s, "年"):
		y, rest, _ := strings.Cut(s, "年")
		mm, dd, _ := strings.Cut(rest, "月")
		parts = []string{y, mm}
		if dd != "" {
			parts = append(parts, dd)
		}
	default:
		parts = strings.Split(dateSeparators.Replace(s), "-")
	}
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 4 {
		return "", "", "", false
	}
	for _, p := range parts {
		if !isDigits(p) || len(p) > 4 {
			return "", "", "", false
		}
	}
	if len(parts) == 3 {
		return parts[0], parts[1], parts[2], true
	}
	return parts[0], parts[1], "", true
}

// ymd builds a date from its parts, refusing impossible ones (2月30日).
func ymd(ys, ms, ds string) (time.Time, bool) {
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	d, err3 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil || err3 != nil || y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

var dateSeparators = strings.NewReplacer("/", "-", ".", "-")

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
