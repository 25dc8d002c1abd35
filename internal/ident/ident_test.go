package ident

import (
	"testing"
	"time"
)

var asOf = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

// synthetic builds a made-up ID number with a valid check digit from a region and birth date.
func synthetic(region, birth, seq string) string {
	first17 := region + birth + seq
	return first17 + string(IDCheckDigit(first17))
}

func TestCheckIDNumber(t *testing.T) {
	tests := []struct {
		id   string
		want Fault
	}{
		{"11010519491231002X", ""}, // the example of GB 11643-1999
		{"11010519491231002x", ""}, // lower-case x as people type it
		{synthetic("620102", "19900101", "123"), ""},
		{synthetic("620102", "20000229", "123"), ""},             // leap day
		{synthetic("620102", "19000101", "123"), ""},             // earliest allowed
		{synthetic("620102", "20250630", "123"), ""},             // born on the as-of date
		{"110105194912310021", FaultCheck},                       // last digit changed
		{"11010519491231020X", FaultCheck},                       // two digits of the sequence swapped
		{"11010519491231002", FaultLength},                       // one short
		{"11010519491231002X1", FaultLength},                     // one long
		{"", FaultLength},                                        //
		{"11010519491231002X ", FaultLength},                     // untrimmed: the caller normalises
		{"1101051949123100X2", FaultChars},                       // X not last
		{"11010519491231002Y", FaultChars},                       //
		{"１1010519491231002X", FaultLength},                      // full-width digit: 20 bytes
		{"110105194913310026", FaultBirthDate},                   // month 13
		{synthetic("620102", "19000229", "123"), FaultBirthDate}, // 1900 was not a leap year
		{synthetic("620102", "18991231", "123"), FaultBirthDate}, // before 1900
		{synthetic("620102", "20250701", "123"), FaultBirthDate}, // after the as-of date
		{synthetic("620102", "00000000", "123"), FaultBirthDate},
		{"110105491231002", FaultLegacy15}, // first-generation form of the example
		{"110105491331002", FaultLength},   // 15 digits but no real date: not an ID number
		{"11010549123100X", FaultLength},   //
	}
	for _, tt := range tests {
		if got := CheckIDNumber(tt.id, asOf); got != tt.want {
			t.Errorf("CheckIDNumber(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// The as-of date is a civil date: a birth on the as-of day is valid whatever the clock and zone.
func TestCheckIDNumberAsOfIsCivil(t *testing.T) {
	id := synthetic("620102", "20250630", "123")
	east := time.FixedZone("UTC+8", 8*3600)
	if f := CheckIDNumber(id, time.Date(2025, 6, 30, 0, 30, 0, 0, east)); f != "" {
		t.Errorf("born 2025-06-30, as of 2025-06-30 00:30 UTC+8: %q", f)
	}
}

func TestIDCheckDigit(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
	}{
		{"11010519491231002", 'X'},
		{"44052418800101001", '4'}, // GB 11643-1999 annex example 440524188001010014
		{"1101051949123100", 0},
		{"1101051949123100A", 0},
	}
	for _, tt := range tests {
		if got := IDCheckDigit(tt.first17); got != tt.want {
			t.Errorf("IDCheckDigit(%q) = %q, want %q", tt.first17, got, tt.want)
		}
	}
	// Every one of the 11 check characters occurs: none is unreachable by a mapping slip.
	seen := map[byte]bool{}
	for seq := 0; seq < 1000 && len(seen) < 11; seq++ {
		seen[IDCheckDigit("62010219900101"+string(rune('0'+seq/100))+string(rune('0'+seq/10%10))+string(rune('0'+seq%10)))] = true
	}
	if len(seen) != 11 {
		t.Errorf("check characters seen: %d, want 11", len(seen))
	}
}

func TestUpgrade15(t *testing.T) {
	tests := []struct{ in, want string }{
		{"110105491231002", "11010519491231002X"},
		{"11010549123100", ""},
		{"11010549123100X", ""},
	}
	for _, tt := range tests {
		if got := Upgrade15(tt.in); got != tt.want {
			t.Errorf("Upgrade15(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBirthDate(t *testing.T) {
	tests := []struct {
		id   string
		want string // "" for none
	}{
		{"11010519491231002X", "1949-12-31"},
		{"110105491231002", "1949-12-31"},
		{"110105194902290021", ""}, // 1949 was not a leap year
		{"1101051949AB31002X", ""},
		{"1101051949", ""},
	}
	for _, tt := range tests {
		got, ok := BirthDate(tt.id)
		if ok != (tt.want != "") || (ok && got.Format(time.DateOnly) != tt.want) {
			t.Errorf("BirthDate(%q) = %v, %v; want %q", tt.id, got, ok, tt.want)
		}
	}
}

func TestCheckCreditCode(t *testing.T) {
	tests := []struct {
		code string
		want Fault
	}{
		{"91350100M000100Y43", ""}, // the example of GB 32100-2015
		{"91350100M000100Y4" + string(CreditCheckChar("91350100M000100Y4")), ""},
		{"91350100M000100Y44", FaultCheck},
		{"91350100M000100Y34", FaultCheck}, // two characters swapped
		{"91350100M000100Y4", FaultLength},
		{"91350100M000100Y433", FaultLength},
		{"", FaultLength},
		{"91350100M000100I43", FaultChars}, // I, O, S, V, Z are not used
		{"91350100M000100O43", FaultChars},
		{"91350100m000100Y43", FaultChars}, // the caller upper-cases
	}
	for _, tt := range tests {
		if got := CheckCreditCode(tt.code); got != tt.want {
			t.Errorf("CheckCreditCode(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestCreditCheckChar(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
	}{
		{"91350100M000100Y4", '3'},
		{"00000000000000000", '0'}, // sum 0: the check is 0, not 31
		{"9135010OM000100Y4", 0},
		{"91350100M000100Y", 0},
	}
	for _, tt := range tests {
		if got := CreditCheckChar(tt.first17); got != tt.want {
			t.Errorf("CreditCheckChar(%q) = %q, want %q", tt.first17, got, tt.want)
		}
	}
}

func TestCreditDivision(t *testing.T) {
	for in, want := range map[string]string{"91350100M000100Y43": "350100", "9135010": "", "91350100": "350100"} {
		if got := CreditDivision(in); got != want {
			t.Errorf("CreditDivision(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{MaskID, "620102199001011234", "620102********1234"},
		{MaskID, "62010219900101123X", "620102********123X"},
		{MaskID, "620102900101123", "620102*****1123"},
		{MaskID, "1234567890", "********90"},
		{MaskID, "12", "*2"},
		{MaskID, "1", "*"},
		{MaskID, "", ""},
		{MaskPhone, "13812345678", "138****5678"},
		{MaskPhone, "0931-8123456", "093*****3456"},
		{MaskPhone, "1234567", "*****67"},
		{MaskPhone, "电话号码", "**号码"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFaultText(t *testing.T) {
	for _, f := range []Fault{FaultLength, FaultChars, FaultBirthDate, FaultCheck, FaultLegacy15} {
		zh, en := FaultText(f, "zh"), FaultText(f, "en")
		if zh == "" || en == "" || zh == en || zh == string(f) {
			t.Errorf("FaultText(%q): zh %q, en %q", f, zh, en)
		}
	}
	if got := FaultText(FaultCheck, "zh"); got != "校验位错误，请核对是否有录入错误" {
		t.Errorf("FaultText(FaultCheck, zh) = %q", got)
	}
	if got := FaultText("", "en"); got != "" {
		t.Errorf("FaultText(valid) = %q, want empty", got)
	}
}
