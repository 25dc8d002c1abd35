package workbook

import (
	"strings"

	"github.com/qianshou/qianshou/internal/parse"
	"github.com/qianshou/qianshou/internal/schema"
)

// sheetMatches says whether an actual sheet name belongs to a kind whose name or alias is one of
// names: the name alone, or followed by a suffix in parentheses or after -, _ or a space
// (援派人员(2022), 援派人员（2023）, 援派人员-2023, 援派人员_2023, 援派人员 2023).
func sheetMatches(actual string, names []string) bool {
	a := parse.Text(actual)
	for _, n := range names {
		n = parse.Text(n)
		if a == n {
			return true
		}
		if rest, ok := strings.CutPrefix(a, n); ok && rest != "" && strings.ContainsRune("(-_ ", rune(rest[0])) {
			return true
		}
	}
	return false
}

func sheetNames(sh *schema.Sheet) []string { return append([]string{sh.Name}, sh.Aliases...) }

// columns maps a normalised header text to the field it names.
type columns struct {
	sheet *schema.Sheet
	by    map[string]int
}

func newColumns(sh *schema.Sheet) *columns {
	c := &columns{sheet: sh, by: map[string]int{}}
	for i, f := range sh.Fields {
		for _, h := range append([]string{f.Header}, f.Aliases...) {
			n := parse.Header(h)
			if _, dup := c.by[n]; !dup {
				c.by[n] = i
			}
			if base, scale := parse.Unit(n); scale != 0 {
				if _, dup := c.by[base]; !dup {
					c.by[base] = i
				}
			}
		}
	}
	return c
}

// match finds the field a header names, and the header's money unit (0 when it names none).
func (c *columns) match(header string) (field int, scale float64, ok bool) {
	n := parse.Header(header)
	if n == "" {
		return -1, 0, false
	}
	_, scale = parse.Unit(n)
	if i, ok := c.by[n]; ok {
		return i, scale, true
	}
	base, _ := parse.Unit(n)
	if i, ok := c.by[base]; ok {
		return i, scale, true
	}
	return -1, 0, false
}

// score counts the distinct fields a row of header candidates names.
func (c *columns) score(headers []string) int {
	seen := map[int]bool{}
	for _, h := range headers {
		if i, _, ok := c.match(h); ok {
			seen[i] = true
		}
	}
	return len(seen)
}
