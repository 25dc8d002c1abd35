package parse

import (
	"strconv"
	"strings"
)

// IDNumber normalises a 居民身份证号码 as written: folded, spaces dropped, a final x upper-cased.
// well says it has the shape of one (17 digits and a digit or X); the check digit is the rules'
// business. numeric says the raw text is how a spreadsheet writes a number that has lost digits
// (「4.10102199001011E+17」, 「410102199001011.0」); its digits are then spelled out in full.
func IDNumber(raw string) (id string, well, numeric bool) {
	id = strings.ToUpper(Compact(raw))
	if strings.ContainsAny(id, ".E") {
		if f, ok := plainNumber(id); ok && f >= 1 {
			return strconv.FormatFloat(f, 'f', -1, 64), false, true
		}
	}
	if len(id) != 18 || !isDigits(id[:17]) || !(id[17] == 'X' || id[17] >= '0' && id[17] <= '9') {
		return id, false, false
	}
	return id, true, false
}

// CreditCode normalises a 统一社会信用代码: folded, spaces dropped, upper case. well says it has the
// shape of one (18 characters of 0-9A-HJ-NPQRTUWXY); the check character is the rules' business.
func CreditCode(raw string) (code string, well bool) {
	code = strings.ToUpper(Compact(raw))
	if len(code) != 18 {
		return code, false
	}
	for i := 0; i < len(code); i++ {
		if !strings.ContainsRune(creditAlphabet, rune(code[i])) {
			return code, false
		}
	}
	return code, true
}

const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
