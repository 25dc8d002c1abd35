package ident

import "time"

// idWeights are 2^(17−i) mod 11, the ISO 7064 MOD 11-2 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// earliestBirth is the first birth date GB 11643 numbers are checked against.
var earliestBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckIDNumber checks an 18-character citizen ID number: 17 digits and a final digit or X (x is
// accepted too), a birth date (characters 7–14) that exists and lies within 1900-01-01 and the
// civil date of asOf, and the ISO 7064 MOD 11-2 check digit. A 15-digit first-generation number
// with a real birth date gives FaultLegacy15: it is not wrong, but the 18-digit form is required.
func CheckIDNumber(s string, asOf time.Time) Fault {
	if len(s) == 15 && allDigits(s) {
		if _, ok := BirthDate(s); ok {
			return FaultLegacy15
		}
	}
	if len(s) != 18 {
		return FaultLength
	}
	if !allDigits(s[:17]) || !(isDigit(s[17]) || s[17] == 'X' || s[17] == 'x') {
		return FaultChars
	}
	y, m, d := asOf.Date()
	if birth, ok := BirthDate(s); !ok || birth.Before(earliestBirth) || birth.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return FaultBirthDate
	}
	if upper(s[17]) != IDCheckDigit(s[:17]) {
		return FaultCheck
	}
	return ""
}

// IDCheckDigit returns the check character ('0'–'9' or 'X') for the first 17 digits of an ID
// number, or 0 when first17 is not 17 digits.
func IDCheckDigit(first17 string) byte {
	if len(first17) != 17 || !allDigits(first17) {
		return 0
	}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// Upgrade15 returns the 18-digit form of a 15-digit first-generation ID number: "19" inserted
// before the 2-digit birth year and the check digit appended. It returns "" when id15 is not 15 digits.
func Upgrade15(id15 string) string {
	if len(id15) != 15 || !allDigits(id15) {
		return ""
	}
	first17 := id15[:6] + "19" + id15[6:]
	return first17 + string(IDCheckDigit(first17))
}

// BirthDate returns the birth date (UTC midnight) encoded in an 18-character ID number
// (YYYYMMDD at characters 7–14) or a 15-digit one (19YYMMDD), when it is a real calendar date.
func BirthDate(id string) (time.Time, bool) {
	var digits string
	switch len(id) {
	case 18:
		digits = id[6:14]
	case 15:
		digits = "19" + id[6:12]
	default:
		return time.Time{}, false
	}
	if !allDigits(digits) {
		return time.Time{}, false
	}
	y := atoi(digits[:4])
	m := time.Month(atoi(digits[4:6]))
	d := atoi(digits[6:8])
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Month() != m || t.Day() != d { // time.Date normalises 02-30 to 03-02: not a real date
		return time.Time{}, false
	}
	return t, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// atoi converts a string already known to be all digits.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
