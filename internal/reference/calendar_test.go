package reference

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkdaysInYear(t *testing.T) {
	tests := []struct{ year, want int }{
		// The official totals (PROVENANCE.md).
		{2021, 250}, {2022, 249}, {2023, 249}, {2024, 251}, {2025, 248}, {2026, 248},
		// Outside the schedule: Monday–Friday only.
		{2019, 261}, {2020, 262}, {2027, 261},
		{1969, 261}, // before 1970: the week arithmetic must floor negative day numbers
	}
	for _, tt := range tests {
		if got := WorkdaysInYear(tt.year); got != tt.want {
			t.Errorf("WorkdaysInYear(%d) = %d, want %d", tt.year, got, tt.want)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2021-02-07", true, "Sunday declared a workday (春节 调休)"},
		{"2021-02-11", false, "Thursday in 春节"},
		{"2022-10-08", true, "Saturday declared a workday (国庆 调休)"},
		{"2022-10-09", true, "Sunday declared a workday (国庆 调休)"},
		{"2022-10-07", false, "Friday in 国庆"},
		{"2022-12-31", false, "Saturday in the 2023 notice's 元旦"},
		{"2023-01-02", false, "Monday in the 2023 元旦"},
		{"2023-12-29", true, "Friday before the 2024 元旦"},
		{"2024-02-09", true, "除夕 2024 was only encouraged, not a day off"},
		{"2025-01-01", false, "元旦, Wednesday"},
		{"2025-02-08", true, "Saturday 调休"},
		{"2026-01-04", true, "Sunday 调休 of the 2026 元旦"},
		{"2026-10-10", true, "last 调休 of the schedule"},
		{"2024-03-06", true, "ordinary Wednesday"},
		{"2024-03-09", false, "ordinary Saturday"},
		{"2020-12-31", true, "day before the schedule: Thursday"},
		{"2019-10-01", true, "outside the covered years: Mon–Fri only"},
		{"2027-01-01", true, "outside the covered years: Friday"},
		{"2027-01-02", false, "outside the covered years: Saturday"},
	}
	for _, tt := range tests {
		if got := IsWorkday(day(tt.date)); got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
		}
	}
}

// The civil date is the time's own Y/M/D: converting to UTC first would move each of these
// times to the neighbouring day, whose answer is the opposite.
func TestIsWorkdayUsesCivilDate(t *testing.T) {
	east := time.FixedZone("UTC+8", 8*3600)
	west := time.FixedZone("UTC-10", -10*3600)
	tests := []struct {
		t    time.Time
		want bool
	}{
		{time.Date(2021, 2, 11, 1, 0, 0, 0, east), false},
		{time.Date(2021, 2, 10, 23, 0, 0, 0, west), true},
		{time.Date(2021, 2, 7, 1, 0, 0, 0, east), true}, // Sunday 调休; Saturday in UTC
	}
	for _, tt := range tests {
		if got := IsWorkday(tt.t); got != tt.want {
			t.Errorf("IsWorkday(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestWorkdays(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2022-09-26", "2022-10-14", 12}, // 5 (Sep 26–30) + 0 (国庆 Oct 1–7) + 2 (调休 Sat/Sun 8–9) + 5
		{"2021-02-07", "2021-02-07", 1},  // a Sunday 调休 alone
		{"2023-03-01", "2023-03-01", 1},
		{"2023-03-04", "2023-03-04", 0},
		{"2023-03-02", "2023-03-01", 0}, // to before from
		{"2022-12-30", "2023-01-03", 2}, // Fri 30 works; 31, 1, 2 off; Tue 3 works
		{"2020-12-28", "2021-01-08", 9}, // into the schedule: 4 + 元旦 Jan 1 off + 5
		{"2026-12-28", "2027-01-08", 10},
		{"2019-01-01", "2019-01-31", 23},
		{"2021-01-01", "2026-12-31", 250 + 249 + 249 + 251 + 248 + 248},
	}
	for _, tt := range tests {
		if got := Workdays(day(tt.from), day(tt.to)); got != tt.want {
			t.Errorf("Workdays(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestWorkdaysAgainstNotices recounts every span from the notices themselves, naively, to catch
// any slip in the prefix sums or the week arithmetic: spans start and end on every day from
// 2020-12-20 to 2027-01-10 at a stride, so each crosses boundaries of years and of the schedule.
func TestWorkdaysAgainstNotices(t *testing.T) {
	var notices map[int]struct {
		Off      []string `yaml:"off"`
		Workdays []string `yaml:"workdays"`
	}
	if err := yaml.Unmarshal(holidaysYAML, &notices); err != nil {
		t.Fatal(err)
	}
	off, work := map[string]bool{}, map[string]bool{}
	for _, n := range notices {
		for _, d := range n.Off {
			off[d] = true
		}
		for _, d := range n.Workdays {
			work[d] = true
		}
	}
	naive := func(d time.Time) bool {
		s := d.Format(time.DateOnly)
		wd := d.Weekday()
		return work[s] || (wd != time.Saturday && wd != time.Sunday && !off[s])
	}
	first, last := day("2020-12-20"), day("2027-01-10")
	var days []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
		if IsWorkday(d) != naive(d) {
			t.Errorf("IsWorkday(%s) = %v, the notices say %v", d.Format(time.DateOnly), IsWorkday(d), naive(d))
		}
	}
	prefix := make([]int, len(days)+1) // prefix[i] = naive workdays in days[:i]
	for i, d := range days {
		prefix[i+1] = prefix[i]
		if naive(d) {
			prefix[i+1]++
		}
	}
	for i := 0; i < len(days); i += 13 {
		for j := i; j < len(days); j += 29 {
			if got, want := Workdays(days[i], days[j]), prefix[j+1]-prefix[i]; got != want {
				t.Fatalf("Workdays(%s, %s) = %d, want %d", days[i].Format(time.DateOnly), days[j].Format(time.DateOnly), got, want)
			}
		}
	}
}

func TestCalendarCovers(t *testing.T) {
	for year, want := range map[int]bool{2020: false, 2021: true, 2024: true, 2026: true, 2027: false} {
		if got := CalendarCovers(year); got != want {
			t.Errorf("CalendarCovers(%d) = %v, want %v", year, got, want)
		}
	}
}

// A correction of holidays-cn.yaml is data; the loader must refuse one that breaks the file's
// invariants rather than count wrongly.
func TestParseCalendarRejects(t *testing.T) {
	tests := []struct{ name, yaml, wantErr string }{
		{"workday on a weekday", "2021:\n  \"off\": []\n  workdays: [2021-02-08]\n", "not a Saturday or Sunday"},
		{"off and workday", "2021:\n  \"off\": [2021-02-07]\n  workdays: [2021-02-07]\n", "both off and a workday"},
		{"gap between years", "2021: {}\n2023: {}\n", "year 2022 is missing"},
		{"date outside the years", "2021:\n  \"off\": [2025-01-01]\n", "outside"},
		{"not a date", "2021:\n  \"off\": [2021-02-30]\n", "day out of range"},
		{"empty", "", "no years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseCalendar([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
