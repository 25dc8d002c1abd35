package ident

import "strings"

// creditChars is the GB 32100-2015 character set in value order: 0–30 (no I, O, S, V, Z).
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are 3^i mod 31 (i = 0…16), the GB 32100-2015 weights of the first 17 characters.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckCreditCode checks an 18-character 统一社会信用代码: every character in 0-9A-HJ-NPQRTUWXY
// (the caller upper-cases) and the final check character as GB 32100-2015 computes it.
func CheckCreditCode(s string) Fault {
	if len(s) != 18 {
		return FaultLength
	}
	for i := range len(s) {
		if strings.IndexByte(creditChars, s[i]) < 0 {
			return FaultChars
		}
	}
	if s[17] != CreditCheckChar(s[:17]) {
		return FaultCheck
	}
	return ""
}

// CreditCheckChar returns the check character for the first 17 characters of a credit code, or 0
// when first17 is not 17 characters of the code's character set.
func CreditCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(creditChars, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * creditWeights[i]
	}
	return creditChars[(31-sum%31)%31]
}

// CreditDivision returns characters 3–8 of a credit code: the administrative division code of
// the registering authority. It returns "" for a code shorter than 8 characters.
func CreditDivision(code string) string {
	if len(code) < 8 {
		return ""
	}
	return code[2:8]
}
