package ident

import "testing"

// FuzzCheckIDNumber: no string panics, and an 18-character number is valid exactly when its last
// character is the recomputed check digit and its shape and birth date are right.
func FuzzCheckIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "110105491231002",
		"110105194913310026", "", "１1010519491231002X", "11010519491231002\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fault := CheckIDNumber(s, asOf)
		if len(s) != 18 {
			if fault == "" || fault == FaultCheck {
				t.Fatalf("CheckIDNumber(%q) = %q for %d bytes", s, fault, len(s))
			}
			return
		}
		want := IDCheckDigit(s[:17])
		matches := want != 0 && upper(s[17]) == want
		switch fault {
		case "":
			if !matches {
				t.Fatalf("CheckIDNumber(%q) valid, but the check digit is %q", s, want)
			}
		case FaultCheck:
			if matches {
				t.Fatalf("CheckIDNumber(%q) = check, but the check digit %q matches", s, want)
			}
			if f := CheckIDNumber(s[:17]+string(want), asOf); f != "" {
				t.Fatalf("with its check digit %q, %q is still %q", want, s[:17], f)
			}
		}
	})
}

// FuzzCheckCreditCode: no string panics, and a code is valid exactly when it is 18 characters
// of the set whose last is the recomputed check character.
func FuzzCheckCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100M000100Y44", "91350100M000100I43",
		"", "00000000000000000\x00", "91350100M000100Y4３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fault := CheckCreditCode(s)
		want := byte(0)
		if len(s) == 18 {
			want = CreditCheckChar(s[:17])
		}
		matches := want != 0 && s[17] == want
		if (fault == "") != matches {
			t.Fatalf("CheckCreditCode(%q) = %q, recomputed check character %q", s, fault, want)
		}
		if fault == FaultCheck && CheckCreditCode(s[:17]+string(want)) != "" {
			t.Fatalf("%q with its check character %q is still invalid", s[:17], want)
		}
	})
}
