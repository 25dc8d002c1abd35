package reference

import (
	_ "embed"
	"fmt"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed holidays-cn.yaml
var holidaysYAML []byte

// calendar is the official schedule flattened into a per-day table with prefix sums, so that
// Workdays is O(1): rules call it for every row.
type calendar struct {
	firstYear, lastYear int
	start               int64   // day number of Jan 1 of firstYear
	workday             []bool  // per day from start to Dec 31 of lastYear
	adjust              []int32 // adjust[i] = Σ over days before start+i of (workday − Mon–Fri)
}

// holidayNotice is one year's notice in holidays-cn.yaml.
type holidayNotice struct {
	Off      []string `yaml:"off"`
	Workdays []string `yaml:"workdays"`
}

// cal is parsed once, when first needed. Every check counts working days, so init starts the
// parse in the background: the other packages' initialisation leaves a core idle meanwhile.
var cal = sync.OnceValue(func() *calendar { return mustCalendar(holidaysYAML) })

func init() { go cal() }

func mustCalendar(data []byte) *calendar {
	c, err := parseCalendar(data)
	if err != nil {
		panic("reference: embedded holidays-cn.yaml: " + err.Error())
	}
	return c
}

// parseCalendar builds the table from the union of all notices (a date may belong to the next
// year's notice, like 2022-12-31) and checks the file's own invariants.
func parseCalendar(data []byte) (*calendar, error) {
	var notices map[int]holidayNotice
	if err := yaml.Unmarshal(data, &notices); err != nil {
		return nil, err
	}
	if len(notices) == 0 {
		return nil, fmt.Errorf("no years")
	}
	c := &calendar{firstYear: 1 << 30, lastYear: -1 << 30}
	for y := range notices {
		c.firstYear, c.lastYear = min(c.firstYear, y), max(c.lastYear, y)
	}
	for y := c.firstYear; y <= c.lastYear; y++ {
		if _, ok := notices[y]; !ok {
			return nil, fmt.Errorf("year %d is missing between %d and %d", y, c.firstYear, c.lastYear)
		}
	}
	c.start = dayNumber(time.Date(c.firstYear, 1, 1, 0, 0, 0, 0, time.UTC))
	end := dayNumber(time.Date(c.lastYear+1, 1, 1, 0, 0, 0, 0, time.UTC))
	c.workday = make([]bool, end-c.start)
	for i := range c.workday {
		c.workday[i] = isMonToFri(c.start + int64(i))
	}
	mark := func(year int, dates []string, work bool) error {
		for _, s := range dates {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return fmt.Errorf("%d: %w", year, err)
			}
			n := dayNumber(d)
			if n < c.start || n >= end {
				return fmt.Errorf("%d: %s lies outside %d–%d", year, s, c.firstYear, c.lastYear)
			}
			if work && isMonToFri(n) {
				return fmt.Errorf("%d: workday %s is not a Saturday or Sunday", year, s)
			}
			c.workday[n-c.start] = work
		}
		return nil
	}
	// Off first, then workdays, and check they are disjoint: the order must not matter.
	off := map[string]bool{}
	for y, n := range notices {
		if err := mark(y, n.Off, false); err != nil {
			return nil, err
		}
		for _, s := range n.Off {
			off[s] = true
		}
	}
	for y, n := range notices {
		for _, s := range n.Workdays {
			if off[s] {
				return nil, fmt.Errorf("%d: %s is both off and a workday", y, s)
			}
		}
		if err := mark(y, n.Workdays, true); err != nil {
			return nil, err
		}
	}
	c.adjust = make([]int32, len(c.workday)+1)
	for i, w := range c.workday {
		c.adjust[i+1] = c.adjust[i] + b2i(w) - b2i(isMonToFri(c.start+int64(i)))
	}
	return c, nil
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// dayNumber is the civil date of t (its own Y/M/D, whatever its zone) as days since 1970-01-01.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// floorDiv7 splits n into whole weeks and the remainder 0..6, also for negative n.
func floorDiv7(n int64) (q, r int64) {
	q, r = n/7, n%7
	if r < 0 {
		q, r = q-1, r+7
	}
	return q, r
}

// Day 4 (1970-01-05) is a Monday; counting from it, the first five days of each week are Mon–Fri.
const mondayOffset = 4

func isMonToFri(n int64) bool {
	_, r := floorDiv7(n - mondayOffset)
	return r < 5
}

// monToFriBefore counts the Mon–Fri days before day n, relative to an arbitrary origin.
func monToFriBefore(n int64) int64 {
	q, r := floorDiv7(n - mondayOffset)
	return 5*q + min(r, 5)
}

// workdaysBefore counts the 工作日 before day n (same origin): Mon–Fri everywhere, corrected by
// the official schedule inside the covered years.
func (c *calendar) workdaysBefore(n int64) int64 {
	i := min(max(n-c.start, 0), int64(len(c.workday)))
	return monToFriBefore(n) + int64(c.adjust[i])
}

// IsWorkday reports whether the civil date of d is a 工作日: a declared 调休 workday, or a
// Monday–Friday that is not an official holiday. Outside the covered years it is Monday–Friday.
func IsWorkday(d time.Time) bool {
	n := dayNumber(d)
	c := cal()
	if i := n - c.start; i >= 0 && i < int64(len(c.workday)) {
		return c.workday[i]
	}
	return isMonToFri(n)
}

// Workdays counts the 工作日 from the civil date of from to that of to, both included; 0 when to
// is before from. Outside the covered years (see CalendarCovers) it counts Monday–Friday.
func Workdays(from, to time.Time) int {
	a, b := dayNumber(from), dayNumber(to)
	if b < a {
		return 0
	}
	c := cal()
	return int(c.workdaysBefore(b+1) - c.workdaysBefore(a))
}

// WorkdaysInYear counts the 工作日 of a calendar year.
func WorkdaysInYear(year int) int {
	return Workdays(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC))
}

// CalendarCovers reports whether the official holiday schedule of year is embedded (2021–2026);
// for other years the counts are Monday–Friday only and a caller should say so.
func CalendarCovers(year int) bool {
	c := cal()
	return year >= c.firstYear && year <= c.lastYear
}
