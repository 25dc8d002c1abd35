// Package reference holds the facts the checker embeds: the province-level divisions, the 160
// 国家乡村振兴重点帮扶县, the nine legal-person org types of the policy and the official holiday
// calendar. Data files live beside the code (see PROVENANCE.md); the county list is replaceable
// by a user file in the same format (LoadCounties).
package reference

import (
	"strings"
	"unicode"
)

// normalize trims s and folds full-width ASCII (U+FF01–U+FF5E) and the ideographic space to
// half-width, so that "　甘肃省 " and "甘肃省" compare equal. It is the folding spreadsheets need
// before a lookup; callers that already normalised pay only a scan.
func normalize(s string) string {
	folded := strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
	return strings.TrimFunc(folded, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
	})
}
