package ident

import "strings"

// MaskID hides the middle of an ID number for reports: the first 6 characters (the region) and
// the last 4 stay, e.g. "620102********1234". Strings too short for that keep only their last 2.
func MaskID(s string) string { return mask(s, 6, 4) }

// MaskPhone hides the middle of a phone number: the first 3 and last 4 stay, e.g. "138****5678".
// Strings too short for that keep only their last 2.
func MaskPhone(s string) string { return mask(s, 3, 4) }

// mask keeps head and tail runes of s and stars the rest. When no rune would be starred it keeps
// only the last 2, and at least one rune is always starred, so no value is ever shown whole.
func mask(s string, head, tail int) string {
	r := []rune(s)
	if len(r) <= head+tail {
		head, tail = 0, max(0, min(2, len(r)-1))
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}
