// Package parse turns the text people type into spreadsheet cells into typed values: numbers with
// units and thousands separators, dates in every common spelling, province and enum names, ID numbers
// and credit codes. It knows nothing about workbooks; internal/workbook feeds it cell text.
package parse

import (
	"strings"
	"unicode"
)

// Fold trims s and folds full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their
// half-width forms. It returns s itself when there is nothing to change, so the common case does
// not allocate.
func Fold(s string) string {
	foldable := false
	for _, r := range s {
		if foldRune(r) != r {
			foldable = true
			break
		}
	}
	if !foldable {
		return strings.TrimFunc(s, isSpace)
	}
	return strings.TrimFunc(strings.Map(foldRune, s), isSpace)
}

func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000 || r == 0x00A0:
		return ' '
	}
	return r
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == 0x3000 || r == 0xFEFF || r == 0x200B }

// Text normalises a free-text cell value: folded, trimmed, runs of white space (also line breaks)
// collapsed to one space.
func Text(s string) string {
	s = Fold(s)
	if !strings.ContainsFunc(s, isSpace) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// Compact removes all white space from the folded text (names, codes, headers).
func Compact(s string) string {
	s = Fold(s)
	if !strings.ContainsFunc(s, isSpace) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, isSpace), "")
}

// Header normalises a column header or a label for matching: folded, all white space and line
// breaks dropped, marks of a required column (*, ※) dropped, a trailing colon dropped, and the
// separators 、 , / ， inside parentheses made alike (、). 「受援县（市，区）」 → 「受援县(市、区)」.
func Header(s string) string {
	s = Compact(s)
	s = strings.Trim(s, "*※")
	s = strings.TrimRight(s, ":")
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',', '/':
			if depth > 0 {
				r = '、'
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Unit splits a trailing money unit off a normalised header: 「民政部补助资金(万元)」 → 「民政部补助资金」,
// 10000. A header without a unit comes back unchanged with scale 0.
func Unit(header string) (base string, scale float64) {
	for _, u := range units {
		if strings.HasSuffix(header, u.suffix) {
			return strings.TrimSuffix(header, u.suffix), u.scale
		}
	}
	return header, 0
}

var units = []struct {
	suffix string
	scale  float64
}{{"(万元)", 10000}, {"(元)", 1}}
