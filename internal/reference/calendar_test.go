package reference

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkdaysInYear(t *testing.T) {
	for year, want := range map[int]int{2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248} {
		if got := WorkdaysInYear(year); got != want {
			t.Errorf("WorkdaysInYear(%d) = %d, want %d", year, got, want)
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
		{"2024-02-09", true, "除夕 2024 was only encouraged, not a day off"},
		{"2025-01-01", false, "元旦, Wednesday"},
		{"2025-02-08", true, "Saturday 调休"},
		{"2026-01-04", true, "Sunday 调休 of the 2026 元旦"},
		{"2024-03-06", true, "ordinary Wednesday"},
		{"2024-03-09", false, "ordinary Saturday"},
		{"2019-10-01", true, "outside the covered years: Mon–Fri only"},
		{"2027-01-02", false, "outside the covered years: Saturday"},
	}
	for _, tt := range tests {
		if got := IsWorkday(day(tt.date)); got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
		}
	}
}

func TestWorkdays(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2022-09-26", "2022-10-14", 12}, // 5 (Sep 26–30) + 0 (国庆 Oct 1–7) + 2 (调休 Sat/Sun 8–9) + 5
		{"2023-03-01", "2023-03-01", 1},
		{"2023-03-04", "2023-03-04", 0},
		{"2023-03-02", "2023-03-01", 0},
		{"2022-12-30", "2023-01-03", 2}, // Fri 30 works; 31, 1, 2 off; Tue 3 works
		{"2019-01-01", "2019-01-31", 23},
	}
	for _, tt := range tests {
		if got := Workdays(day(tt.from), day(tt.to)); got != tt.want {
			t.Errorf("Workdays(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestCalendarCovers(t *testing.T) {
	for year, want := range map[int]bool{2020: false, 2021: true, 2026: true, 2027: false} {
		if got := CalendarCovers(year); got != want {
			t.Errorf("CalendarCovers(%d) = %v, want %v", year, got, want)
		}
	}
}
